import Foundation
import Testing

@testable import ParleyDomain

@Suite struct ReconciliationTests {
    // root → A → A1, root → B.
    let root = UUID(), unitA = UUID(), unitA1 = UUID(), unitB = UUID()
    let r0 = UUID(), r1 = UUID(), r2 = UUID(), r3 = UUID()

    var tree: UnitTree {
        UnitTree([
            (id: root, parentID: nil, managerID: nil), (id: unitA, parentID: root, managerID: nil),
            (id: unitA1, parentID: unitA, managerID: nil), (id: unitB, parentID: root, managerID: nil),
        ])
    }

    var reps: [RepFigures] {
        [
            RepFigures(repID: r0, name: "Zhao", unitID: root, topDown: 100, bottomUp: 80, agreed: nil, lastYear: 90),
            RepFigures(repID: r1, name: "Li", unitID: unitA, topDown: 200, bottomUp: 150, agreed: 180, lastYear: 200),
            RepFigures(
                repID: r2, name: "Wang", unitID: unitA1, topDown: 300, bottomUp: nil, agreed: nil, lastYear: 100),
            RepFigures(repID: r3, name: "Chen", unitID: unitB, topDown: 400, bottomUp: 400, agreed: 400, lastYear: 500),
            // Outside the tree: ignored.
            RepFigures(repID: UUID(), name: "Out", unitID: UUID(), topDown: 1, bottomUp: 1, agreed: 1, lastYear: 1),
        ]
    }

    @Test func threeLevelRollUp() throws {
        let report = try Reconciliation.reconcile(
            tree: tree, unitID: root, unitNames: [unitA: "A", unitB: "B"],
            goals: [
                root: UnitGoal(value: 1_000), unitA: UnitGoal(value: 600, capacity: 500), unitB: UnitGoal(value: 400),
            ],
            reps: reps, stretchLimitBps: 13_000, toleranceBps: 100)
        #expect(report.rows.map(\.id) == [unitA, unitB, r0])
        let a = report.rows[0]
        #expect(a.kind == .unit && a.name == "A")
        #expect(a.topDown == 600 && a.bottomUp == 150 && a.agreed == 180 && a.lastYear == 300)
        #expect(a.gap == 450 && a.stretchBps == 40_000 && a.growthBps == 10_000)
        #expect(a.flags == [.stretchAboveLimit, .aboveCapacity, .belowLastYear, .noEstimate])
        let b = report.rows[1]
        #expect(b.gap == 0 && b.stretchBps == 10_000 && b.growthBps == -2_000 && b.flags == [.belowLastYear])
        let zhao = report.rows[2]
        #expect(zhao.kind == .rep && zhao.gap == 20 && zhao.stretchBps == 12_500 && zhao.growthBps == 1_111)
        #expect(zhao.flags.isEmpty)
        #expect(
            report.totals
                == ReconciliationTotals(
                    goal: 1_000, sumAgreed: 580, sumBottomUp: 630, unallocated: 420, withinTolerance: false,
                    capacity: nil))
    }

    @Test func middleLevelAndMissingValues() throws {
        let report = try Reconciliation.reconcile(
            tree: tree, unitID: unitA, unitNames: [:], goals: [unitA: UnitGoal(value: 180)], reps: reps,
            stretchLimitBps: 13_000, toleranceBps: 0)
        #expect(report.rows.map(\.id) == [unitA1, r1])
        let a1 = report.rows[0]
        #expect(a1.topDown == nil && a1.bottomUp == nil && a1.agreed == nil && a1.gap == nil && a1.stretchBps == nil)
        #expect(a1.growthBps == nil && a1.flags == [.noEstimate])
        #expect(report.totals.withinTolerance == true && report.totals.unallocated == 0)
        let leaf = try Reconciliation.reconcile(
            tree: tree, unitID: unitB, unitNames: [:], goals: [:], reps: reps, stretchLimitBps: 13_000,
            toleranceBps: 0)
        #expect(leaf.totals.goal == nil && leaf.totals.unallocated == nil && leaf.totals.withinTolerance == nil)
        #expect(leaf.rows.map(\.id) == [r3])
    }

    @Test func tenThousandRepsInOnePass() throws {
        var nodes = [UnitTree.Node(id: root, parentID: nil, managerID: nil)]
        var leaves: [UUID] = []
        for _ in 0..<10 {
            let region = UUID()
            nodes.append(.init(id: region, parentID: root, managerID: nil))
            for _ in 0..<10 {
                let team = UUID()
                nodes.append(.init(id: team, parentID: region, managerID: nil))
                leaves.append(team)
            }
        }
        let reps = (0..<10_000).map { index in
            RepFigures(
                repID: UUID(), name: "rep \(index)", unitID: leaves[index % leaves.count], topDown: 1_000,
                bottomUp: 900, agreed: 950, lastYear: 800)
        }
        let report = try Reconciliation.reconcile(
            tree: UnitTree(nodes), unitID: root, unitNames: [:], goals: [:], reps: reps, stretchLimitBps: 13_000,
            toleranceBps: 100)
        #expect(report.rows.count == 10)
        #expect(report.totals.sumAgreed == 9_500_000 && report.totals.sumBottomUp == 9_000_000)
        #expect(report.rows.allSatisfy { $0.agreed == 950_000 && $0.lastYear == 800_000 })
    }

    @Test("reps summed per unit reconcile exactly as the reps themselves, overflow included")
    func unitSumsEqualReps() throws {
        var random = SeededGenerator(seed: 12)
        for round in 0..<200 {
            // A random tree of up to 12 units and up to 40 reps with random gaps in their figures.
            var nodes: [(id: UUID, parentID: UUID?, managerID: UUID?)] = [(UUID(), nil, nil)]
            for _ in 0..<Int.random(in: 0...11, using: &random) {
                nodes.append((UUID(), nodes.randomElement(using: &random)?.id, nil))
            }
            let tree = UnitTree(nodes)
            let big = round % 10 == 0 ? MetricValues.maxValue / 3 : 1_000
            func value() -> Int64? { Bool.random(using: &random) ? Int64.random(in: 0...big, using: &random) : nil }
            let reps = (0..<Int.random(in: 0...40, using: &random)).map { index in
                RepFigures(
                    repID: UUID(), name: "r\(index)", unitID: nodes.randomElement(using: &random)?.id ?? UUID(),
                    topDown: value(), bottomUp: value(), agreed: value(), lastYear: Int64.random(in: 0...big, using: &random))
            }
            let unit = nodes.randomElement(using: &random)?.id ?? UUID()
            // What the store sends: the unit's own reps as they are, every other unit's summed.
            var sums: [UUID: UnitRepSums] = [:]
            for rep in reps where rep.unitID != unit {
                var sum = sums[rep.unitID] ?? UnitRepSums(bottomUp: nil, agreed: nil, lastYear: 0, missingEstimate: false)
                func add(_ total: Int64?, _ value: Int64?) -> Int64? {
                    guard let value else { return total }
                    // Clamped just outside the range, as the store's SQL does.
                    return min((total ?? 0) + value, MetricValues.maxValue + 1)
                }
                sum.bottomUp = add(sum.bottomUp, rep.bottomUp)
                sum.agreed = add(sum.agreed, rep.agreed)
                sum.lastYear = add(sum.lastYear, rep.lastYear) ?? 0
                if rep.bottomUp == nil { sum.missingEstimate = true }
                sums[rep.unitID] = sum
            }
            func report(_ reps: [RepFigures], _ sums: [UUID: UnitRepSums]) -> Result<ReconciliationReport, ValidationError> {
                do throws(ValidationError) {
                    return .success(
                        try Reconciliation.reconcile(
                            tree: tree, unitID: unit, unitNames: [:], goals: [unit: UnitGoal(value: 5_000)], reps: reps,
                            unitSums: sums, stretchLimitBps: 13_000, toleranceBps: 100))
                } catch {
                    return .failure(error)
                }
            }
            let direct = reps.filter { $0.unitID == unit }
            switch (report(reps, [:]), report(direct, sums)) {
            case (.success(let expected), .success(let actual)): #expect(actual == expected, "round \(round)")
            case (.failure, .failure): break
            case (let expected, let actual): Issue.record("round \(round): \(expected) but \(actual)")
            }
        }
    }
}
