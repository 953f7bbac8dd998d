/// What a metric's integers count (contract: Conventions).
public enum MetricUnit: String, Sendable, Hashable, Codable, CaseIterable {
    /// Minor units of the plan's currency.
    case currency
    /// Whole things: leads, visits, deals.
    case count
    /// Basis points, 10000 = 100 %.
    case ratio
}

/// How a metric's monthly values combine into a period value.
public enum MetricAggregation: String, Sendable, Hashable, Codable, CaseIterable {
    /// Period value is the sum of its months.
    case sum
    /// Period value is the mean of its months.
    case average
    /// Period value is its last month's value.
    case last
}

/// Which months of a rep's plan a metric may be non-zero in, given the rep's ramp.
public enum MetricApplicability: String, Sendable, Hashable, Codable, CaseIterable {
    /// Every month.
    case all
    /// Only ramp months: activity targets for new reps.
    case rampOnly = "ramp_only"
    /// Only months after the ramp: results targets for productive reps.
    case postRamp = "post_ramp"

    /// Whether a non-zero value is allowed in a month that is (or is not) a ramp month.
    public func allowsValue(inRampMonth isRampMonth: Bool) -> Bool {
        switch self {
        case .all: return true
        case .rampOnly: return isRampMonth
        case .postRamp: return !isRampMonth
        }
    }
}

/// One metric a plan sets targets for.
public struct MetricDefinition: Sendable, Hashable, Codable {
    /// Stable key, e.g. `revenue`; see `isValidKey`.
    public var key: String
    /// What the values count.
    public var unit: MetricUnit
    /// How months combine into periods.
    public var aggregation: MetricAggregation
    /// Which months may be non-zero.
    public var applies: MetricApplicability

    /// A metric definition.
    public init(key: String, unit: MetricUnit, aggregation: MetricAggregation, applies: MetricApplicability) {
        self.key = key
        self.unit = unit
        self.aggregation = aggregation
        self.applies = applies
    }

    /// The contract's default metrics: revenue for productive reps, leads and visits for everyone.
    public static let defaults: [MetricDefinition] = [
        MetricDefinition(key: "revenue", unit: .currency, aggregation: .sum, applies: .postRamp),
        MetricDefinition(key: "qualified_leads", unit: .count, aggregation: .sum, applies: .all),
        MetricDefinition(key: "visits", unit: .count, aggregation: .sum, applies: .all),
    ]

    /// Whether a key matches `^[a-z][a-z0-9_]{0,62}$`, so keys are safe in JSON paths, CSV and URLs.
    public static func isValidKey(_ key: String) -> Bool {
        let bytes = Array(key.utf8)
        guard let first = bytes.first, bytes.count <= 63, (0x61...0x7A).contains(first) else { return false }
        return bytes.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x5F }
    }

    /// Errors in a plan's metric list: invalid or duplicate keys, or an empty list.
    public static func validate(_ metrics: [MetricDefinition]) -> [FieldError] {
        var errors: [FieldError] = []
        if metrics.isEmpty { errors.append(FieldError(field: "metrics", message: "at least one metric is required")) }
        var seen: Set<String> = []
        for (index, metric) in metrics.enumerated() {
            if !isValidKey(metric.key) {
                errors.append(
                    FieldError(field: "metrics[\(index)].key", message: "must match ^[a-z][a-z0-9_]{0,62}$"))
            } else if !seen.insert(metric.key).inserted {
                errors.append(FieldError(field: "metrics[\(index)].key", message: "duplicate metric key"))
            }
        }
        return errors
    }
}
