import Foundation
import Testing

@testable import ParleyDomain

/// Root (ceo manages) → Sales (vp) → East (east), West (no manager); East → Shanghai (sh).
struct SampleOrg {
    let ceo = UUID(), vp = UUID(), east = UUID(), sh = UUID(), rep = UUID(), otherRep = UUID()
    let root = UUID(), sales = UUID(), eastUnit = UUID(), westUnit = UUID(), shanghai = UUID()

    var tree: UnitTree {
        UnitTree([
            (id: root, parentID: nil, managerID: ceo),
            (id: sales, parentID: root, managerID: vp),
            (id: eastUnit, parentID: sales, managerID: east),
            (id: westUnit, parentID: sales, managerID: nil),
            (id: shanghai, parentID: eastUnit, managerID: sh),
        ])
    }
}

@Suite struct PermissionsTests {
    let org = SampleOrg()

    @Test func treeQueries() {
        let tree = org.tree
        #expect(tree.ancestorsOrSelf(of: org.shanghai) == [org.shanghai, org.eastUnit, org.sales, org.root])
        #expect(Set(tree.subtree(of: org.sales)) == [org.sales, org.eastUnit, org.westUnit, org.shanghai])
        #expect(tree.subtree(of: org.shanghai) == [org.shanghai])
        #expect(tree.manages(user: org.vp, unit: org.shanghai))
        #expect(tree.manages(user: org.east, unit: org.eastUnit))
        #expect(!tree.manages(user: org.east, unit: org.westUnit))
        #expect(!tree.manages(user: org.sh, unit: org.eastUnit))
        #expect(tree.children(of: org.sales) == [org.eastUnit, org.westUnit])
        #expect(tree.isInSubtree(org.shanghai, of: org.sales))
        #expect(!tree.isInSubtree(org.sales, of: org.shanghai))
    }

    @Test func cycleDetection() {
        let tree = org.tree
        #expect(tree.wouldCreateCycle(unit: org.sales, newParent: org.shanghai))
        #expect(tree.wouldCreateCycle(unit: org.sales, newParent: org.sales))
        #expect(tree.wouldCreateCycle(unit: org.root, newParent: org.westUnit))
        #expect(!tree.wouldCreateCycle(unit: org.shanghai, newParent: org.westUnit))
        #expect(!tree.wouldCreateCycle(unit: org.shanghai, newParent: nil))
        #expect(!tree.wouldCreateCycle(unit: org.westUnit, newParent: org.shanghai))
    }

    @Test func corruptCycleDoesNotHang() {
        let a = UUID()
        let b = UUID()
        let tree = UnitTree([(id: a, parentID: b, managerID: nil), (id: b, parentID: a, managerID: nil)])
        #expect(tree.ancestorsOrSelf(of: a) == [a, b])
        #expect(Set(tree.subtree(of: a)) == [a, b])
    }

    @Test func assignmentVisibility() {
        let tree = org.tree
        func viewer(_ id: UUID, _ role: Role) -> Viewer { Viewer(userID: id, role: role, unitID: org.root) }
        #expect(Permissions.maySeeAssignment(viewer(org.rep, .rep), repID: org.rep, repUnit: org.shanghai, tree: tree))
        #expect(
            !Permissions.maySeeAssignment(viewer(org.otherRep, .rep), repID: org.rep, repUnit: org.shanghai, tree: tree)
        )
        #expect(
            Permissions.maySeeAssignment(viewer(org.east, .manager), repID: org.rep, repUnit: org.shanghai, tree: tree))
        #expect(
            !Permissions.maySeeAssignment(viewer(org.east, .manager), repID: org.rep, repUnit: org.westUnit, tree: tree)
        )
        for role in [Role.admin, .leader, .viewer] {
            #expect(
                Permissions.maySeeAssignment(viewer(UUID(), role), repID: org.rep, repUnit: org.westUnit, tree: tree))
        }
    }

    @Test func proposalSides() {
        let tree = org.tree
        func side(_ id: UUID, _ role: Role) -> ProposalSide? {
            Permissions.mayProposeOnAssignment(
                Viewer(userID: id, role: role, unitID: org.root), repID: org.rep, repUnit: org.shanghai, tree: tree)
        }
        #expect(side(org.rep, .rep) == .rep)
        #expect(side(org.otherRep, .rep) == nil)
        #expect(side(org.sh, .manager) == .manager)
        #expect(side(org.vp, .manager) == .manager)
        #expect(side(UUID(), .manager) == nil)
        #expect(side(UUID(), .leader) == .manager)
        #expect(side(UUID(), .admin) == nil)
        #expect(side(UUID(), .viewer) == nil)
    }

    @Test func goalsPlansActualsAdjustments() {
        let tree = org.tree
        func viewer(_ id: UUID, _ role: Role) -> Viewer { Viewer(userID: id, role: role, unitID: org.root) }
        // Scope = Sales. The vp sets the scope's own goal and East's; East's manager sets Shanghai's, not East's.
        #expect(Permissions.maySetGoal(viewer(org.vp, .manager), unit: org.sales, scopeUnit: org.sales, tree: tree))
        #expect(Permissions.maySetGoal(viewer(org.vp, .manager), unit: org.eastUnit, scopeUnit: org.sales, tree: tree))
        #expect(
            !Permissions.maySetGoal(viewer(org.east, .manager), unit: org.eastUnit, scopeUnit: org.sales, tree: tree))
        #expect(
            Permissions.maySetGoal(viewer(org.east, .manager), unit: org.shanghai, scopeUnit: org.sales, tree: tree))
        #expect(
            Permissions.maySetGoal(viewer(org.east, .manager), unit: org.eastUnit, scopeUnit: org.eastUnit, tree: tree))
        #expect(Permissions.maySetGoal(viewer(UUID(), .leader), unit: org.root, scopeUnit: org.root, tree: tree))
        #expect(!Permissions.maySetGoal(viewer(UUID(), .admin), unit: org.root, scopeUnit: org.root, tree: tree))

        #expect(Permissions.mayCreatePlan(viewer(org.east, .manager), unit: org.shanghai, tree: tree))
        #expect(!Permissions.mayCreatePlan(viewer(org.east, .manager), unit: org.sales, tree: tree))
        #expect(Permissions.mayCreatePlan(viewer(UUID(), .leader), unit: org.sales, tree: tree))
        #expect(!Permissions.mayCreatePlan(viewer(UUID(), .admin), unit: org.sales, tree: tree))

        #expect(Permissions.mayRecordActuals(viewer(UUID(), .admin), forUserIn: org.westUnit, tree: tree))
        #expect(Permissions.mayRecordActuals(viewer(org.east, .manager), forUserIn: org.shanghai, tree: tree))
        #expect(!Permissions.mayRecordActuals(viewer(org.east, .manager), forUserIn: org.westUnit, tree: tree))
        #expect(Permissions.mayRecordActuals(viewer(UUID(), .leader), forUserIn: org.westUnit, tree: tree))
        #expect(!Permissions.mayRecordActuals(viewer(UUID(), .viewer), forUserIn: org.westUnit, tree: tree))

        #expect(
            Permissions.mayRequestAdjustment(
                viewer(org.vp, .manager), repUnits: [org.shanghai, org.westUnit], tree: tree))
        #expect(
            !Permissions.mayRequestAdjustment(
                viewer(org.east, .manager), repUnits: [org.shanghai, org.westUnit], tree: tree))

        #expect(Permissions.mayManageOrg(.admin) && !Permissions.mayManageOrg(.leader))
        #expect(Permissions.mayReadEverything(.viewer) && !Permissions.mayReadEverything(.manager))
    }

    @Test func commentVisibility() {
        let tree = org.tree
        func sees(_ id: UUID, _ role: Role, repID: UUID?) -> Bool {
            Permissions.maySeeComment(
                Viewer(userID: id, role: role, unitID: org.root), repID: repID,
                repUnit: repID == nil ? nil : org.shanghai,
                tree: tree)
        }
        #expect(sees(org.rep, .rep, repID: org.rep))
        #expect(!sees(org.otherRep, .rep, repID: org.rep))
        #expect(sees(org.otherRep, .rep, repID: nil))
        #expect(sees(org.east, .manager, repID: org.rep))
        #expect(!sees(UUID(), .manager, repID: org.rep))
        #expect(sees(UUID(), .viewer, repID: org.rep))
    }

    @Test func planActorFromViewer() {
        let tree = org.tree
        let viewer = Viewer(userID: org.vp, role: .manager, unitID: org.sales)
        let actor = Permissions.planActor(
            viewer, scopeUnit: org.eastUnit, tree: tree, approverIDs: [org.vp], submitterID: org.vp)
        #expect(actor == PlanActor(role: .manager, managesScope: true, isApprover: true, isSubmitter: true))
    }
}
