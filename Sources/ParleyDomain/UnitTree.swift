import Foundation

/// The org's unit tree, indexed for the ancestor and subtree questions permissions and roll-ups ask.
public struct UnitTree: Sendable, Hashable {
    /// One unit as stored: its parent and manager.
    public struct Node: Sendable, Hashable, Codable {
        /// Unit id.
        public var id: UUID
        /// Parent unit, nil for a root.
        public var parentID: UUID?
        /// The unit's manager, if any.
        public var managerID: UUID?

        /// A tree node.
        public init(id: UUID, parentID: UUID?, managerID: UUID?) {
            self.id = id
            self.parentID = parentID
            self.managerID = managerID
        }
    }

    private var parents: [UUID: UUID] = [:]
    private var managers: [UUID: UUID] = [:]
    private var childrenByParent: [UUID: [UUID]] = [:]
    private var unitIDs: [UUID] = []
    private var knownIDs: Set<UUID> = []

    /// A tree from stored units. Children keep input order; parents not among the units are treated as absent.
    public init(_ nodes: [Node]) {
        let known = Set(nodes.map(\.id))
        for node in nodes {
            unitIDs.append(node.id)
            knownIDs.insert(node.id)
            if let manager = node.managerID { managers[node.id] = manager }
            if let parent = node.parentID, known.contains(parent) {
                parents[node.id] = parent
                childrenByParent[parent, default: []].append(node.id)
            }
        }
    }

    /// No units: what a rule that never consults the tree for the caller's role is given.
    public static let empty = UnitTree([Node]())

    /// A tree from `(id, parentID, managerID)` tuples.
    public init(_ units: [(id: UUID, parentID: UUID?, managerID: UUID?)]) {
        self.init(units.map { Node(id: $0.id, parentID: $0.parentID, managerID: $0.managerID) })
    }

    /// Every unit id, in input order.
    public var allUnits: [UUID] { unitIDs }

    /// Whether the unit is in the tree.
    public func contains(_ unit: UUID) -> Bool { knownIDs.contains(unit) }

    /// The unit's parent, nil for a root or an unknown unit.
    public func parent(of unit: UUID) -> UUID? { parents[unit] }

    /// The unit's manager, if any.
    public func manager(of unit: UUID) -> UUID? { managers[unit] }

    /// Direct children, in input order.
    public func children(of unit: UUID) -> [UUID] { childrenByParent[unit] ?? [] }

    /// The unit followed by its parent, grandparent, ... up to the root.
    public func ancestorsOrSelf(of unit: UUID) -> [UUID] {
        var chain = [unit]
        var seen: Set<UUID> = [unit]
        var current = unit
        // The seen set guards against a corrupt (cyclic) input looping forever.
        while let parent = parents[current], seen.insert(parent).inserted {
            chain.append(parent)
            current = parent
        }
        return chain
    }

    /// The unit and all its descendants, breadth first.
    public func subtree(of unit: UUID) -> [UUID] {
        var result = [unit]
        var seen: Set<UUID> = [unit]
        var index = 0
        while index < result.count {
            for child in children(of: result[index]) where seen.insert(child).inserted {
                result.append(child)
            }
            index += 1
        }
        return result
    }

    /// Whether `unit` is `root` or lies below it.
    public func isInSubtree(_ unit: UUID, of root: UUID) -> Bool {
        ancestorsOrSelf(of: unit).contains(root)
    }

    /// Whether the user manages the unit or any of its ancestors (a manager acts on everything below them).
    public func manages(user: UUID, unit: UUID) -> Bool {
        ancestorsOrSelf(of: unit).contains { managers[$0] == user }
    }

    /// Units the user is the direct manager of.
    public func unitsManaged(by user: UUID) -> [UUID] {
        unitIDs.filter { managers[$0] == user }
    }

    /// Whether giving `unit` the parent `newParent` would make it its own ancestor (the API answers 422).
    public func wouldCreateCycle(unit: UUID, newParent: UUID?) -> Bool {
        guard let newParent else { return false }
        return ancestorsOrSelf(of: newParent).contains(unit)
    }
}
