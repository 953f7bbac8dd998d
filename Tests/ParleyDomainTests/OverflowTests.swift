import Foundation
import Testing

@testable import ParleyDomain

/// Property tests over the domain with extreme values: nothing traps, and no figure leaves ±(2^53 - 1).
@Suite("overflow: extreme values never trap")
struct OverflowTests {
    static let max = MetricValues.maxValue
    /// The values a request or a row may hold, and the ones just past them.
    static let extremes: [Int64] = [0, 1, 2, max - 1, max, max + 1, -1, -max, .max, .min, .max - 1, .min + 1]

    static func randomExtreme(_ random: inout SeededGenerator) -> Int64 {
        switch Int.random(in: 0..<4, using: &random) {
        case 0: return extremes[Int.random(in: 0..<extremes.count, using: &random)]
        case 1: return Int64.random(in: 0...max, using: &random)
        case 2: return Int64.random(in: .min ... .max, using: &random)
        default: return Int64.random(in: -10...10, using: &random)
        }
    }

    /// The exact sum, by adding the high and low 32-bit halves separately (no 64-bit sum can overflow then).
    static func referenceSum(_ values: [Int64]) -> (high: Int64, low: Int64) {
        var high: Int64 = 0
        var low: Int64 = 0
        for value in values {
            high += value >> 32
            low += value & 0xFFFF_FFFF
        }
        // Normalize: the true sum is high * 2^32 + low.
        high += low >> 32
        low &= 0xFFFF_FFFF
        return (high, low)
    }

    @Test("ExactSum is the true sum when it is within ±(2^53 - 1), and nil otherwise", arguments: 0..<20)
    func exactSum(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        let count = Int.random(in: 0...2_000, using: &random)
        let values = (0..<count).map { _ in Self.randomExtreme(&random) }
        let (high, low) = Self.referenceSum(values)
        // In range iff high * 2^32 + low is within ±max, i.e. high within ±2^21 and the whole still within.
        let inRange: Int64? =
            abs(high) <= 1 << 22 ? ExactSum.inRange(high * (1 << 32) + low) : nil
        #expect(ExactSum(values).value == inRange, "\(values.count) values")
        #expect(WideArithmetic.exactSum(values) == inRange)
    }

    @Test("terms far beyond the range that cancel out still sum exactly")
    func cancellingTerms() {
        let values: [Int64] = Array(repeating: .max, count: 1_000) + Array(repeating: .min + 1, count: 1_000) + [5]
        #expect(ExactSum(values).value == 5)
        #expect(ExactSum(Array(repeating: Self.max, count: 1_025)).value == nil)
        #expect(ExactSum([Self.max]).value == Self.max)
        #expect(ExactSum([Self.max, 1]).value == nil)
        #expect(ExactSum([-Self.max]).value == -Self.max)
    }

    @Test("exactMulDiv: ratios of extreme values are nil beyond the range, never a trap")
    func ratios() {
        for a in Self.extremes {
            for c in Self.extremes {
                let ratio = WideArithmetic.exactMulDiv(a, 10_000, c, rounding: .halfAwayFromZero)
                if let ratio { #expect(abs(ratio) <= Self.max) }
                if c == 0 { #expect(ratio == nil) }
            }
        }
        #expect(WideArithmetic.exactMulDiv(1_000_000_000_000_000, 10_000, 1, rounding: .towardZero) == nil)
        #expect(WideArithmetic.exactMulDiv(Self.max, 1, 1, rounding: .towardZero) == Self.max)
    }

    @Test("Distribution.split sums exactly to any total and never traps, whatever the weights", arguments: 0..<20)
    func splitAnything(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        for _ in 0..<50 {
            let total = Self.randomExtreme(&random)
            let weights = (0..<Int.random(in: 0...40, using: &random)).map { _ in Self.randomExtreme(&random) }
            let parts = Distribution.split(total: total, weights: weights)
            #expect(parts.count == weights.count)
            guard !parts.isEmpty else { continue }
            // The parts share the total's sign and add up to it (wrapping addition is exact modulo 2^64).
            #expect(parts.reduce(0, &+) == total, "total \(total) weights \(weights)")
            #expect(parts.allSatisfy { total >= 0 ? $0 >= 0 : $0 <= 0 })
        }
    }

    @Test("Distribution.split keeps proportions of huge weights and splits Int64.min")
    func splitEdges() {
        #expect(Distribution.split(total: 10, weights: [.max, .max, .max, .max]) == [3, 3, 2, 2])
        #expect(Distribution.split(total: .min, weights: [1]) == [.min])
        #expect(Distribution.split(total: -5, weights: [1, 1]) == [-3, -2])
        #expect(Distribution.split(total: 7, weights: []) == [])
        #expect(Distribution.split(total: 7, weights: [-1, -2]) == [4, 3])
    }

    @Test("MetricValues: months summing beyond the range and last year's months beyond it are field errors")
    func metricValues() {
        #expect(throws: ValidationError.self) {
            _ = try MetricValues.resolve(.months(Array(repeating: Self.max, count: 36)), planMonths: 36, lastYear: nil)
        }
        do {
            _ = try MetricValues.resolve(
                .annual(12, .lastYear), planMonths: 12, lastYear: [Self.max + 1] + Array(repeating: 1, count: 11))
            Issue.record("a last year beyond the range must not weight the months")
        } catch {
            #expect(error.errors.map(\.field) == ["distribution"])
        }
        let months = try? MetricValues.resolve(
            .annual(Self.max, .lastYear), planMonths: 36, lastYear: [Self.max, 0, 1])
        #expect(months.map { ExactSum($0).value } == Self.max)
    }

    @Test("progress of extreme targets and actuals: ratios null, out-of-range figures thrown, never a trap")
    func progress() throws {
        let start = try #require(YearMonth("2027-01"))
        for asOf in ["2026-12-31", "2027-01-01", "2027-06-15", "2029-12-31"] {
            let clock = ProgressClock(start: start, planMonths: 36, asOf: try #require(LocalDate(asOf)))
            for actual in Self.extremes {
                for targets in [
                    Array(repeating: Int64(0), count: 36), [1] + Array(repeating: 0, count: 35),
                    [Self.max] + Array(repeating: 0, count: 35), Array(repeating: Self.max, count: 36),
                    Array(repeating: .max, count: 36), Array(repeating: .min, count: 36),
                ] {
                    do {
                        let progress = try Progress.metric(monthlyTargets: targets, actualToDate: actual, clock: clock)
                        for figure in [
                            progress.annualTarget, progress.targetToDate, progress.actualToDate,
                            progress.attainmentBps, progress.paceBps, progress.forecast,
                        ] {
                            if let figure { #expect(abs(figure) <= Self.max) }
                        }
                    } catch {
                        #expect(["target", "target_to_date", "actual_to_date"].contains(error.figure))
                    }
                }
            }
        }
        let clock = ProgressClock(start: start, planMonths: 12, asOf: try #require(LocalDate("2027-12-31")))
        let tiny = try Progress.metric(
            monthlyTargets: [1] + Array(repeating: 0, count: 11), actualToDate: Self.max, clock: clock)
        #expect(tiny.attainmentBps == nil && tiny.paceBps == nil && tiny.actualToDate == Self.max)
        let days = Dictionary(uniqueKeysWithValues: start.days.map { ($0, Self.max) })
        #expect(Progress.actualToDate(days, clock: clock) == nil)
        #expect(throws: MetricOverflow(metric: "revenue", figure: "actual_to_date")) {
            _ = try Progress.rep(
                targets: ["revenue": Array(repeating: 1, count: 12)], dailyActuals: ["revenue": days], clock: clock)
        }
    }

    @Test("reconciliation of 10,000 maximal reps is a 422 naming the metric, not a trap or a clamped sum")
    func reconciliation() throws {
        let root = UUID()
        let child = UUID()
        let tree = UnitTree([(root, nil, nil), (child, root, nil)])
        let reps = (0..<10_000).map { index in
            RepFigures(
                repID: UUID(), name: "rep \(index)", unitID: index.isMultiple(of: 2) ? root : child,
                topDown: Self.max, bottomUp: Self.max, agreed: Self.max, lastYear: Self.max)
        }
        do {
            _ = try Reconciliation.reconcile(
                tree: tree, unitID: root, unitNames: [root: "Root", child: "Child"],
                goals: [root: UnitGoal(value: Self.max)], reps: reps, stretchLimitBps: 12_000, toleranceBps: 100)
            Issue.record("sums beyond the range must be refused")
        } catch {
            #expect(error.errors.map(\.field) == ["metric"])
        }
        // One maximal rep is fine; an enormous stretch is null but flagged.
        let one = [
            RepFigures(
                repID: UUID(), name: "solo", unitID: root, topDown: Self.max, bottomUp: 1, agreed: Self.max,
                lastYear: 1)
        ]
        let report = try Reconciliation.reconcile(
            tree: tree, unitID: root, unitNames: [:], goals: [root: UnitGoal(value: Self.max)], reps: one,
            stretchLimitBps: 12_000, toleranceBps: 100)
        let row = try #require(report.rows.last)
        #expect(row.stretchBps == nil && row.growthBps == nil && row.flags.contains(.stretchAboveLimit))
        #expect(row.gap == Self.max - 1)
        #expect(report.totals.sumAgreed == Self.max && report.totals.unallocated == 0)
    }

    @Test("funnel solve and growth with extreme values: 422 or null, never a trap")
    func funnel() {
        for revenue in Self.extremes {
            for deals in Self.extremes {
                for target in Self.extremes {
                    do {
                        let solution = try Funnel.solve(
                            baseline: FunnelBaseline(revenue: revenue, deals: deals, qualifiedLeads: 1, leadCost: 1),
                            targetRevenue: target)
                        for lever in solution.levers {
                            if let growth = lever.growthBps { #expect(abs(growth) <= Self.max) }
                        }
                    } catch {
                        #expect(!error.errors.isEmpty)
                    }
                }
            }
        }
        #expect(Funnel.growthBps(from: 1, to: Self.max) == nil)
        #expect(Funnel.growthBps(from: .min, to: .max) == nil)
        let solution = try? Funnel.solve(
            baseline: FunnelBaseline(revenue: Self.max, deals: 1, qualifiedLeads: 1), targetRevenue: Self.max)
        #expect(solution?.flags.contains(.leadsGrowthUnrealistic) == false)
        let huge = try? Funnel.solve(
            baseline: FunnelBaseline(revenue: 1, deals: 1, qualifiedLeads: 100), targetRevenue: 10_000_000_000_000)
        // Growth far too large to state is null, and still flagged.
        #expect(huge?.dealSize.growthBps == nil)
        #expect(huge?.flags.contains(.dealSizeGrowthUnrealistic) == true)
    }

    @Test("the submit guard fails on an agreed sum beyond the range, whatever the comment")
    func submitGuard() throws {
        let facts = GuardFacts(
            assignmentCount: 2,
            goalChecks: [GuardFacts.GoalCheck(unitName: "North", metric: "revenue", goal: Self.max, agreedSum: nil)],
            comment: "we know")
        let reasons = Workflow.guardFailures(.readyForApproval, facts: facts)
        #expect(reasons.count == 1 && reasons[0].contains("beyond"), "\(reasons)")
    }

    @Test("adjustment impact over 1,000 maximal reps is a `changes` error, not a trap")
    func adjustmentImpact() throws {
        let root = UUID()
        let tree = UnitTree([(root, nil, nil)])
        let maximal = Distribution.even(total: Self.max, count: 12)
        let agreed = (0..<1_000).map { _ in AgreedTargets(repID: UUID(), unitID: root, values: ["revenue": maximal]) }
        let after = Dictionary(uniqueKeysWithValues: agreed.map { ($0.repID, ["revenue": maximal]) })
        do {
            _ = try Adjustments.impact(
                goals: [root: ["revenue": maximal]], tree: tree, agreed: agreed, after: after, metrics: ["revenue"])
            Issue.record("a unit total beyond the range must be refused")
        } catch {
            #expect(error.errors.map(\.field) == ["changes"])
        }
        // Within the range the totals are exact.
        let two = Array(agreed.prefix(2))
        let small = [two[0].repID: ["revenue": Array(repeating: Int64(1), count: 12)]]
        let impact = try Adjustments.impact(
            goals: [root: ["revenue": maximal]], tree: tree,
            agreed: [AgreedTargets(repID: two[0].repID, unitID: root, values: ["revenue": [5]])], after: small,
            metrics: ["revenue"])
        #expect(
            impact == [UnitImpact(unitID: root, metric: "revenue", goal: Self.max, agreedBefore: 5, agreedAfter: 12)])
    }

    @Test("breakdown of extreme stored months: quarters beyond the range throw, weeks of negatives still sum")
    func breakdown() throws {
        let start = try #require(YearMonth("2027-01"))
        #expect(throws: ValidationError.self) {
            _ = try Breakdown.quarterly(values: ["revenue": [Self.max, Self.max, 0]], start: start)
        }
        let quarters = try Breakdown.quarterly(values: ["revenue": [Self.max, 0, 0]], start: start)
        #expect(quarters.first?.values["revenue"] == Self.max)
        for value in Self.extremes {
            let pieces = Breakdown.weeks(of: start, value: value)
            #expect(pieces.map(\.value).reduce(0, &+) == value)
            let days = Breakdown.workingDays(of: start, value: value)
            #expect(days.map(\.value).reduce(0, &+) == value)
        }
    }
}
