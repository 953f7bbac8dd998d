/// Metric values per metric key, one value per plan month.
public typealias MonthlyValues = [String: [Int64]]

/// How monthly values are derived from an annual figure.
public enum DistributionSpec: Sendable, Hashable, Codable {
    /// Equal months (differing by at most 1).
    case even
    /// In proportion to last year's actuals for the same calendar months; even when there are none.
    case lastYear
    /// In proportion to explicit non-negative weights, one per plan month.
    case weights([Int64])
}

/// A metric's value as a client sends it: explicit months, or an annual figure and how to spread it.
public enum MetricInput: Sendable, Hashable, Codable {
    /// `{"months": [...]}`, one value per plan month.
    case months([Int64])
    /// `{"annual": N, "distribution": ...}`.
    case annual(Int64, DistributionSpec)
}

/// Resolving metric inputs to the monthly values that are stored (contract: Top-down goals, Conventions).
public enum MetricValues {
    /// The largest value the contract allows (2^53 - 1, exact in every JSON parser).
    public static let maxValue: Int64 = 9_007_199_254_740_991

    /// Monthly values for one metric; thrown field paths are relative to the metric (`months[3]`, `annual`).
    ///
    /// - Parameter lastYear: last year's actuals for the 12 months before the plan's start, in order; plan
    ///   month `i` takes its weight from `lastYear[i % count]`, the same calendar month. Nil, empty or all
    ///   zero means even.
    public static func resolve(
        _ input: MetricInput, planMonths: Int, lastYear: [Int64]?
    ) throws(ValidationError) -> [Int64] {
        switch input {
        case .months(let months):
            var errors: [FieldError] = []
            if months.count != planMonths {
                errors.append(
                    FieldError(field: "months", message: "expected \(planMonths) values, got \(months.count)"))
            }
            errors += rangeErrors(months, field: "months")
            if errors.isEmpty, WideArithmetic.exactSum(months) == nil {
                errors.append(FieldError(field: "months", message: "the sum of the months exceeds \(maxValue)"))
            }
            guard errors.isEmpty else { throw ValidationError(errors) }
            return months
        case .annual(let annual, let spec):
            var errors = rangeErrors([annual], field: "annual").map {
                FieldError(field: "annual", message: $0.message)
            }
            let weights: [Int64]
            switch spec {
            case .even:
                weights = Array(repeating: 1, count: max(planMonths, 0))
            case .lastYear:
                // Last year's monthly sums come from the database and may exceed the exact range; weighting by a
                // clamped figure would silently distort the seasonality, so it is refused instead.
                if let lastYear, lastYear.contains(where: { $0 > maxValue }) {
                    errors.append(
                        FieldError(
                            field: "distribution",
                            message: "last year's actuals exceed \(maxValue) in a month; give explicit weights"))
                }
                weights = seasonality(lastYear: lastYear, planMonths: planMonths)
            case .weights(let given):
                if given.count != planMonths {
                    errors.append(
                        FieldError(
                            field: "distribution.weights",
                            message: "expected \(planMonths) weights, got \(given.count)"))
                }
                errors += rangeErrors(given, field: "distribution.weights")
                weights = given
            }
            guard errors.isEmpty else { throw ValidationError(errors) }
            return Distribution.split(total: annual, weights: weights)
        }
    }

    /// Resolves every metric of a request body, with full paths (`values.revenue.months[3]`).
    ///
    /// Unknown metric keys are errors; metrics that are absent are simply not in the result.
    public static func resolveAll(
        _ inputs: [String: MetricInput], metrics: [MetricDefinition], planMonths: Int,
        lastYear: [String: [Int64]] = [:], path: String = "values"
    ) throws(ValidationError) -> [String: [Int64]] {
        let known = Set(metrics.map(\.key))
        var result: [String: [Int64]] = [:]
        var errors: [FieldError] = []
        for key in inputs.keys.sorted() {
            guard known.contains(key) else {
                errors.append(FieldError(field: "\(path).\(key)", message: "the plan has no metric \(key)"))
                continue
            }
            guard let input = inputs[key] else { continue }
            do {
                result[key] = try resolve(input, planMonths: planMonths, lastYear: lastYear[key])
            } catch {
                errors += error.errors.map { $0.prefixed("\(path).\(key)") }
            }
        }
        guard errors.isEmpty else { throw ValidationError(errors) }
        return result
    }

    /// Weights for `last_year`: actuals per calendar month, negatives ignored, even when there are none.
    public static func seasonality(lastYear: [Int64]?, planMonths: Int) -> [Int64] {
        guard let lastYear, !lastYear.isEmpty, planMonths > 0 else {
            return Array(repeating: 1, count: max(planMonths, 0))
        }
        let clamped = lastYear.map { min(max($0, 0), maxValue) }
        return (0..<planMonths).map { clamped[$0 % clamped.count] }
    }

    private static func rangeErrors(_ values: [Int64], field: String) -> [FieldError] {
        values.enumerated().compactMap { index, value in
            if value < 0 { return FieldError(field: "\(field)[\(index)]", message: "must not be negative") }
            if value > maxValue {
                return FieldError(field: "\(field)[\(index)]", message: "must not exceed \(maxValue)")
            }
            return nil
        }
    }
}
