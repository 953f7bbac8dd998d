import Foundation

/// A unit's goal for the metric being reconciled, and its market capacity if known.
public struct UnitGoal: Sendable, Hashable, Codable {
    /// Annual goal.
    public var value: Int64
    /// Annual capacity, if set.
    public var capacity: Int64?

    /// A goal.
    public init(value: Int64, capacity: Int64? = nil) {
        self.value = value
        self.capacity = capacity
    }
}

/// One rep's annual figures for the metric being reconciled.
public struct RepFigures: Sendable, Hashable, Codable {
    public var repID: UUID
    /// Display name.
    public var name: String
    /// The rep's unit.
    public var unitID: UUID
    /// Latest manager-side proposal, if any.
    public var topDown: Int64?
    /// Latest rep-side proposal, if any.
    public var bottomUp: Int64?
    /// Agreed value, if agreed.
    public var agreed: Int64?
    /// Last year's actuals (0 when none).
    public var lastYear: Int64

    /// Rep figures.
    public init(
        repID: UUID, name: String, unitID: UUID, topDown: Int64?, bottomUp: Int64?, agreed: Int64?, lastYear: Int64
    ) {
        self.repID = repID
        self.name = name
        self.unitID = unitID
        self.topDown = topDown
        self.bottomUp = bottomUp
        self.agreed = agreed
        self.lastYear = lastYear
    }
}

/// What a reconciliation row stands for.
/// The figures of the reps in one unit (not below it), summed: how the store reads every unit below the one
/// reconciled, so that a large organization costs one row per unit rather than one per rep. A sum outside
/// ±(2^53 - 1) may arrive clamped just outside it: it still counts as out of range.
public struct UnitRepSums: Sendable, Hashable, Codable {
    /// Sum of the bottom-up values; nil when no rep of the unit has one.
    public var bottomUp: Int64?
    /// Sum of the agreed values; nil when no rep of the unit has one.
    public var agreed: Int64?
    public var lastYear: Int64
    /// Whether some rep of the unit has no bottom-up value.
    public var missingEstimate: Bool

    public init(bottomUp: Int64?, agreed: Int64?, lastYear: Int64, missingEstimate: Bool) {
        self.bottomUp = bottomUp
        self.agreed = agreed
        self.lastYear = lastYear
        self.missingEstimate = missingEstimate
    }
}

public enum ReconciliationRowKind: String, Sendable, Hashable, Codable {
    /// A child unit, rolled up over its subtree.
    case unit
    /// A rep directly in the unit asked for.
    case rep
}

/// A reason to look at a reconciliation row.
public enum ReconciliationFlag: String, Sendable, Hashable, Codable, CaseIterable {
    /// Top-down exceeds bottom-up by more than the plan's stretch limit.
    case stretchAboveLimit = "stretch_above_limit"
    /// A unit's goal exceeds its capacity.
    case aboveCapacity = "above_capacity"
    /// Top-down or agreed is below last year's actuals.
    case belowLastYear = "below_last_year"
    /// The rep (or some rep in the unit) has not proposed anything yet.
    case noEstimate = "no_estimate"
}

/// One row of the reconciliation view.
public struct ReconciliationRow: Sendable, Hashable, Codable {
    /// Unit or rep id.
    public var id: UUID
    /// Unit or rep.
    public var kind: ReconciliationRowKind
    /// Display name.
    public var name: String
    /// Unit: its goal. Rep: latest manager-side proposal.
    public var topDown: Int64?
    /// Rep: latest rep-side proposal. Unit: sum over its subtree's reps (nil when none has one).
    public var bottomUp: Int64?
    /// Rep: agreed value. Unit: sum over its subtree's agreed reps (nil when none is agreed).
    public var agreed: Int64?
    /// Last year's actuals (summed for a unit).
    public var lastYear: Int64
    /// `top_down - bottom_up`; nil when either is nil.
    public var gap: Int64?
    /// `top_down × 10000 / bottom_up`, half up; nil when either is nil or bottom-up is 0.
    public var stretchBps: Int64?
    /// `(top_down - last_year) × 10000 / last_year`, half away from zero; nil when top-down is nil or last year 0.
    public var growthBps: Int64?
    /// Reasons to look at the row.
    public var flags: [ReconciliationFlag]
}

/// Totals of the unit asked for.
public struct ReconciliationTotals: Sendable, Hashable, Codable {
    /// The unit's own goal.
    public var goal: Int64?
    /// Agreed values summed over the unit's whole subtree.
    public var sumAgreed: Int64
    /// Bottom-up values summed over the unit's whole subtree.
    public var sumBottomUp: Int64
    /// `goal - sum_agreed`; nil without a goal.
    public var unallocated: Int64?
    /// Whether `sum_agreed` is within the plan's tolerance of the goal; nil without a goal.
    public var withinTolerance: Bool?
    /// The unit's capacity, if set.
    public var capacity: Int64?
}

/// The reconciliation view of one unit for one metric.
public struct ReconciliationReport: Sendable, Hashable, Codable {
    /// Child-unit rows in tree order, then rep rows in input order.
    public var rows: [ReconciliationRow]
    /// Totals of the unit asked for.
    public var totals: ReconciliationTotals
}

/// Top-down meets bottom-up: the roll-up behind `GET /v1/plans/{id}/reconciliation`.
public enum Reconciliation {
    /// Rolls the reps' figures up to the children of `unitID`. One pass over the subtree and one over the reps,
    /// so a 10,000-rep org costs a few milliseconds. Reps outside the unit's subtree are ignored.
    ///
    /// Every figure of the report is exact: a sum that leaves ±(2^53 - 1) throws, naming the figure and the
    /// unit (field `metric`, the one the caller chose); a ratio that leaves it is null.
    ///
    /// `unitSums` are reps already summed per unit (`UnitRepSums`), for units strictly below `unitID`; they
    /// count exactly as those reps would in `reps`. Entries for `unitID` itself or outside its subtree are ignored.
    public static func reconcile(
        tree: UnitTree, unitID: UUID, unitNames: [UUID: String], goals: [UUID: UnitGoal], reps: [RepFigures],
        unitSums: [UUID: UnitRepSums] = [:], stretchLimitBps: Int64, toleranceBps: Int64
    ) throws(ValidationError) -> ReconciliationReport {
        let children = tree.children(of: unitID)
        // Map every unit below `unitID` to the index of the child it descends from.
        var childIndex: [UUID: Int] = [:]
        for (index, child) in children.enumerated() {
            for unit in tree.subtree(of: child) where unit != unitID { childIndex[unit] = index }
        }
        var sums = Array(repeating: Accumulator(), count: children.count)
        var total = Accumulator()
        var rows: [ReconciliationRow] = []
        for rep in reps {
            if rep.unitID == unitID {
                total.add(rep)
                rows.append(try repRow(rep, stretchLimitBps: stretchLimitBps))
            } else if let index = childIndex[rep.unitID] {
                total.add(rep)
                sums[index].add(rep)
            }
        }
        for (unit, unitSum) in unitSums {
            guard let index = childIndex[unit] else { continue }
            total.add(unitSum)
            sums[index].add(unitSum)
        }
        var unitRows: [ReconciliationRow] = []
        for (index, child) in children.enumerated() {
            let name = unitNames[child] ?? ""
            unitRows.append(
                try unitRow(
                    child, name: name, goal: goals[child], sums: try sums[index].figures(unit: name),
                    stretchLimitBps: stretchLimitBps))
        }
        let goal = goals[unitID]
        let totalFigures = try total.figures(unit: unitNames[unitID] ?? "")
        var unallocated: Int64?
        if let goal {
            guard let value = difference(goal.value, totalFigures.agreed ?? 0) else {
                throw overflow("goal minus agreed (unallocated)", unit: unitNames[unitID] ?? "")
            }
            unallocated = value
        }
        let totals = ReconciliationTotals(
            goal: goal?.value,
            sumAgreed: totalFigures.agreed ?? 0,
            sumBottomUp: totalFigures.bottomUp ?? 0,
            unallocated: unallocated,
            withinTolerance: goal.map {
                WideArithmetic.isWithin(totalFigures.agreed ?? 0, of: $0.value, toleranceBps: toleranceBps)
            },
            capacity: goal?.capacity)
        return ReconciliationReport(rows: unitRows + rows, totals: totals)
    }

    /// Sums of a unit's figures, each known to be within ±(2^53 - 1).
    private struct Figures {
        var bottomUp: Int64?
        var agreed: Int64?
        var lastYear: Int64
        var missingEstimate: Bool
    }

    /// Running sums over a set of reps; nil sums mean no rep contributed a value.
    private struct Accumulator {
        var bottomUp: ExactSum?
        var agreed: ExactSum?
        var lastYear = ExactSum()
        var missingEstimate = false

        mutating func add(_ rep: RepFigures) {
            add(
                UnitRepSums(
                    bottomUp: rep.bottomUp, agreed: rep.agreed, lastYear: rep.lastYear,
                    missingEstimate: rep.bottomUp == nil))
        }

        mutating func add(_ sums: UnitRepSums) {
            if let value = sums.bottomUp {
                var sum = bottomUp ?? ExactSum()
                sum.add(value)
                bottomUp = sum
            }
            if let value = sums.agreed {
                var sum = agreed ?? ExactSum()
                sum.add(value)
                agreed = sum
            }
            lastYear.add(sums.lastYear)
            if sums.missingEstimate { missingEstimate = true }
        }

        func figures(unit: String) throws(ValidationError) -> Figures {
            func exact(_ sum: ExactSum?, _ figure: String) throws(ValidationError) -> Int64? {
                guard let sum else { return nil }
                guard let value = sum.value else { throw overflow(figure, unit: unit) }
                return value
            }
            guard let last = lastYear.value else { throw overflow("last year's actuals", unit: unit) }
            return Figures(
                bottomUp: try exact(bottomUp, "bottom-up values"), agreed: try exact(agreed, "agreed values"),
                lastYear: last, missingEstimate: missingEstimate)
        }
    }

    private static func overflow(_ figure: String, unit: String) -> ValidationError {
        ValidationError([
            FieldError(
                field: "metric",
                message:
                    "\(figure) of this metric over \(unit.isEmpty ? "the unit" : unit) leave ±\(MetricValues.maxValue)")
        ])
    }

    private static func repRow(_ rep: RepFigures, stretchLimitBps: Int64) throws(ValidationError) -> ReconciliationRow {
        for (figure, value) in [("top-down", rep.topDown), ("bottom-up", rep.bottomUp), ("agreed", rep.agreed)] {
            if let value, ExactSum.inRange(value) == nil { throw overflow("the \(figure) value", unit: rep.name) }
        }
        guard ExactSum.inRange(rep.lastYear) != nil else { throw overflow("last year's actuals", unit: rep.name) }
        var row = try makeRow(
            id: rep.repID, kind: .rep, name: rep.name, topDown: rep.topDown, bottomUp: rep.bottomUp,
            agreed: rep.agreed, lastYear: rep.lastYear, stretchLimitBps: stretchLimitBps)
        if rep.bottomUp == nil { row.flags.append(.noEstimate) }
        return row
    }

    private static func unitRow(
        _ id: UUID, name: String, goal: UnitGoal?, sums: Figures, stretchLimitBps: Int64
    ) throws(ValidationError) -> ReconciliationRow {
        var row = try makeRow(
            id: id, kind: .unit, name: name, topDown: goal?.value, bottomUp: sums.bottomUp, agreed: sums.agreed,
            lastYear: sums.lastYear, stretchLimitBps: stretchLimitBps)
        if let goal, let capacity = goal.capacity, goal.value > capacity {
            row.flags.insert(.aboveCapacity, at: row.flags.firstIndex(of: .belowLastYear) ?? row.flags.count)
        }
        if sums.missingEstimate { row.flags.append(.noEstimate) }
        return row
    }

    private static func makeRow(
        id: UUID, kind: ReconciliationRowKind, name: String, topDown: Int64?, bottomUp: Int64?, agreed: Int64?,
        lastYear: Int64, stretchLimitBps: Int64
    ) throws(ValidationError) -> ReconciliationRow {
        var gap: Int64?
        var stretch: Int64?
        var stretchAboveLimit = false
        if let topDown, let bottomUp {
            guard let value = difference(topDown, bottomUp) else {
                throw overflow("top-down minus bottom-up", unit: name)
            }
            gap = value
            if bottomUp != 0 {
                // A stretch too large to report exactly is still above any limit.
                let exact = WideArithmetic.mulDiv(topDown, 10_000, bottomUp, rounding: .halfAwayFromZero)
                stretch = exact.flatMap(ExactSum.inRange)
                stretchAboveLimit = exact.map { $0 > stretchLimitBps } ?? true
            }
        }
        var growth: Int64?
        if let topDown, lastYear != 0 { growth = Funnel.growthBps(from: lastYear, to: topDown) }
        var flags: [ReconciliationFlag] = []
        if stretchAboveLimit { flags.append(.stretchAboveLimit) }
        if (topDown.map { $0 < lastYear } ?? false) || (agreed.map { $0 < lastYear } ?? false) {
            flags.append(.belowLastYear)
        }
        return ReconciliationRow(
            id: id, kind: kind, name: name, topDown: topDown, bottomUp: bottomUp, agreed: agreed, lastYear: lastYear,
            gap: gap, stretchBps: stretch, growthBps: growth, flags: flags)
    }

    /// `a - b` when it is within ±(2^53 - 1).
    private static func difference(_ a: Int64, _ b: Int64) -> Int64? {
        let (value, overflow) = a.subtractingReportingOverflow(b)
        return overflow ? nil : ExactSum.inRange(value)
    }
}
