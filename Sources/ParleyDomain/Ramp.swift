/// Whether a rep is still ramping up at the start of a plan.
public enum Maturity: String, Sendable, Hashable, Codable, CaseIterable {
    /// At least one plan month is a ramp month.
    case ramping
    /// Productive from the plan's first month.
    case veteran
}

/// Ramp months: a new rep's first months, which carry activity targets instead of revenue.
public enum Ramp {
    /// Number of plan months, counted from the first, whose first day is before `hiredOn + rampMonths` months.
    ///
    /// A rep hired `rampMonths` or more before the start has none; a rep hired after the start also counts the
    /// months before their hire as ramp months, since they cannot sell then either.
    public static func months(hiredOn: LocalDate, start: YearMonth, planMonths: Int, rampMonths: Int) -> Int {
        let rampEnd = hiredOn.adding(months: max(rampMonths, 0))
        // A month's first day is before rampEnd iff the month is before rampEnd's month, or is rampEnd's month
        // and rampEnd is not that month's first day.
        let firstNonRampMonth = rampEnd.day > 1 ? rampEnd.yearMonth.adding(months: 1) : rampEnd.yearMonth
        return min(max(start.months(until: firstNonRampMonth), 0), max(planMonths, 0))
    }

    /// The maturity for a number of ramp months in the plan.
    public static func maturity(rampMonthsInPlan: Int) -> Maturity {
        rampMonthsInPlan > 0 ? .ramping : .veteran
    }

    /// Errors where values break the ramp: post-ramp metrics non-zero in ramp months, ramp-only metrics non-zero
    /// after them, or values for metrics the plan does not have. Paths look like `values.revenue.months[0]`.
    public static func validate(
        values: [String: [Int64]], metrics: [MetricDefinition], rampMonthsInPlan: Int, path: String = "values"
    ) -> [FieldError] {
        let byKey = Dictionary(metrics.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        var errors: [FieldError] = []
        for key in values.keys.sorted() {
            guard let metric = byKey[key] else {
                errors.append(FieldError(field: "\(path).\(key)", message: "the plan has no metric \(key)"))
                continue
            }
            for (index, value) in (values[key] ?? []).enumerated() where value != 0 {
                let isRampMonth = index < rampMonthsInPlan
                guard !metric.applies.allowsValue(inRampMonth: isRampMonth) else { continue }
                let message =
                    isRampMonth
                    ? "\(key) applies after the ramp; month \(index + 1) is a ramp month and must be 0"
                    : "\(key) applies only during the ramp; month \(index + 1) is after it and must be 0"
                errors.append(FieldError(field: "\(path).\(key).months[\(index)]", message: message))
            }
        }
        return errors
    }
}
