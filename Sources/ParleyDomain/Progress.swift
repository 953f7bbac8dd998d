/// Where a plan stands in time on a given date, computed once and shared by every rep and metric.
public struct ProgressClock: Sendable, Hashable {
    /// The plan's first month.
    public let start: YearMonth
    /// Number of plan months.
    public let planMonths: Int
    /// The date progress is measured at.
    public let asOf: LocalDate
    /// Monday-to-Friday days in the whole plan.
    public let totalWorkingDays: Int
    /// Monday-to-Friday days from the plan's first day to `asOf` inclusive, within the plan.
    public let elapsedWorkingDays: Int

    /// A clock for a plan and a date; dates before the start or after the end are clamped.
    public init(start: YearMonth, planMonths: Int, asOf: LocalDate) {
        self.start = start
        self.planMonths = max(planMonths, 0)
        self.asOf = asOf
        let first = start.firstDay.daysSinceEpoch
        let last = start.adding(months: self.planMonths).firstDay.daysSinceEpoch - 1
        totalWorkingDays = Self.workingDays(from: first, through: last)
        elapsedWorkingDays = Self.workingDays(from: first, through: min(asOf.daysSinceEpoch, last))
    }

    /// The plan's first day.
    public var firstDay: LocalDate { start.firstDay }

    /// The plan's last day.
    public var lastDay: LocalDate { start.adding(months: planMonths).firstDay.adding(days: -1) }

    /// Working days in the inclusive day range, in O(1) by counting whole weeks.
    static func workingDays(from first: Int, through last: Int) -> Int {
        guard last >= first else { return 0 }
        let days = last - first + 1
        var count = days / 7 * 5
        // 1970-01-01 was a Thursday: index 0 = Monday.
        var weekday = ((first + 3) % 7 + 7) % 7
        for _ in 0..<(days % 7) {
            if weekday < 5 { count += 1 }
            weekday = (weekday + 1) % 7
        }
        return count
    }
}

/// Progress of one rep on one metric.
public struct MetricProgress: Sendable, Hashable, Codable {
    /// The plan's whole target for the metric.
    public var annualTarget: Int64
    /// What the plan expects by `asOf`: whole months before it plus the working-day share of its month.
    public var targetToDate: Int64
    /// Actuals from the plan's first day to `asOf`.
    public var actualToDate: Int64
    /// `actual_to_date × 10000 / annual target`, half up; nil when the target is 0.
    public var attainmentBps: Int64?
    /// `actual_to_date × 10000 / target_to_date`, half up; nil when nothing is expected yet.
    public var paceBps: Int64?
    /// Run rate over the plan: actual × total working days / elapsed working days, half up; the actual itself
    /// before any working day has elapsed; nil if it exceeds the value range.
    public var forecast: Int64?
}

/// One rep's progress on every metric, and the funnel stage furthest behind.
public struct RepProgress: Sendable, Hashable, Codable {
    /// Progress per metric key.
    public var metrics: [String: MetricProgress]
    /// The funnel metric with the lowest pace, if any has a pace.
    public var laggingStage: String?

    /// Creates a rep's progress.
    public init(metrics: [String: MetricProgress], laggingStage: String?) {
        self.metrics = metrics
        self.laggingStage = laggingStage
    }
}

/// A progress figure that leaves the contract's exact range ±(2^53 - 1), so it cannot be reported exactly.
public struct ProgressOverflow: Error, Sendable, Hashable {
    /// The figure as the response names it: `target`, `target_to_date` or `actual_to_date`.
    public var figure: String

    /// An overflow of `figure`.
    public init(figure: String) {
        self.figure = figure
    }
}

/// Tracking actuals against targets (contract: Actuals and progress).
public enum Progress {
    /// Funnel stages in order from the top; the ones present in a plan compete for `laggingStage`.
    public static let funnelStages = ["qualified_leads", "visits", "deals", "revenue"]

    /// What the plan expects by the clock's date for monthly targets (`monthlyTargets[i]` is plan month `i`);
    /// nil when the sum leaves ±(2^53 - 1).
    ///
    /// Uses the same working-day split as the weekly breakdown, so the figure at the end of a week equals the
    /// sum of that week's rows.
    public static func targetToDate(monthlyTargets: [Int64], clock: ProgressClock) -> Int64? {
        guard clock.asOf >= clock.firstDay else { return 0 }
        let current = clock.start.months(until: clock.asOf.yearMonth)
        var total = ExactSum()
        for (index, value) in monthlyTargets.enumerated().prefix(clock.planMonths) {
            if index < current {
                total.add(value)
            } else if index == current {
                let month = clock.start.adding(months: index)
                for day in Breakdown.workingDays(of: month, value: max(value, 0)) where day.date <= clock.asOf {
                    total.add(day.value)
                }
            }
        }
        return total.value
    }

    /// Progress on one metric from an actual already summed over the plan's first day to `asOf`.
    ///
    /// Ratios and the forecast that leave ±(2^53 - 1) are nil, like those without a denominator; a target or an
    /// actual out of that range cannot be reported at all and throws.
    public static func metric(
        monthlyTargets: [Int64], actualToDate: Int64, clock: ProgressClock
    ) throws(ProgressOverflow) -> MetricProgress {
        guard let annual = WideArithmetic.exactSum(monthlyTargets.prefix(clock.planMonths)) else {
            throw ProgressOverflow(figure: "target")
        }
        guard let expected = targetToDate(monthlyTargets: monthlyTargets, clock: clock) else {
            throw ProgressOverflow(figure: "target_to_date")
        }
        guard ExactSum.inRange(actualToDate) != nil else { throw ProgressOverflow(figure: "actual_to_date") }
        let forecast =
            clock.elapsedWorkingDays == 0
            ? actualToDate
            : WideArithmetic.exactMulDiv(
                actualToDate, Int64(clock.totalWorkingDays), Int64(clock.elapsedWorkingDays),
                rounding: .halfAwayFromZero)
        return MetricProgress(
            annualTarget: annual,
            targetToDate: expected,
            actualToDate: actualToDate,
            attainmentBps: WideArithmetic.exactMulDiv(actualToDate, 10_000, annual, rounding: .halfAwayFromZero),
            paceBps: WideArithmetic.exactMulDiv(actualToDate, 10_000, expected, rounding: .halfAwayFromZero),
            forecast: forecast)
    }

    /// Sum of daily actuals from the plan's first day through `asOf` (and not past the plan's end); nil when it
    /// leaves ±(2^53 - 1).
    public static func actualToDate(_ daily: [LocalDate: Int64], clock: ProgressClock) -> Int64? {
        let last = min(clock.asOf, clock.lastDay)
        var sum = ExactSum()
        for (day, value) in daily where day >= clock.firstDay && day <= last { sum.add(value) }
        return sum.value
    }

    /// A rep's progress on every metric with targets; metrics without actuals count as 0.
    ///
    /// Throws the first figure, in metric key order, that leaves ±(2^53 - 1), with the metric.
    public static func rep(
        targets: [String: [Int64]], dailyActuals: [String: [LocalDate: Int64]], clock: ProgressClock
    ) throws(MetricOverflow) -> RepProgress {
        var metrics: [String: MetricProgress] = [:]
        for key in targets.keys.sorted() {
            guard let months = targets[key] else { continue }
            guard let actual = actualToDate(dailyActuals[key] ?? [:], clock: clock) else {
                throw MetricOverflow(metric: key, figure: "actual_to_date")
            }
            do throws(ProgressOverflow) {
                metrics[key] = try metric(monthlyTargets: months, actualToDate: actual, clock: clock)
            } catch {
                throw MetricOverflow(metric: key, figure: error.figure)
            }
        }
        return RepProgress(metrics: metrics, laggingStage: laggingStage(metrics))
    }

    /// The funnel metric with the lowest pace; ties go to the stage nearer the top of the funnel, where the
    /// shortfall starts.
    public static func laggingStage(_ metrics: [String: MetricProgress]) -> String? {
        var lagging: (key: String, pace: Int64)?
        for key in funnelStages {
            guard let pace = metrics[key]?.paceBps else { continue }
            if let current = lagging, current.pace <= pace { continue }
            lagging = (key, pace)
        }
        return lagging?.key
    }
}

/// A figure of one metric that leaves ±(2^53 - 1).
public struct MetricOverflow: Error, Sendable, Hashable {
    /// The metric key.
    public var metric: String
    /// The figure, as in `ProgressOverflow`.
    public var figure: String

    /// An overflow of `figure` of `metric`.
    public init(metric: String, figure: String) {
        self.metric = metric
        self.figure = figure
    }
}
