/// How a quotient's fractional part is rounded; applied to its magnitude, so negative results round symmetrically.
public enum MagnitudeRounding: Sendable {
    case towardZero
    case awayFromZero
    case halfAwayFromZero
}

/// Exact `a * b / c`, product comparisons and sums over wide intermediates, none of which can trap.
///
/// Built on `multipliedFullWidth`/`dividingFullWidth` rather than `Int128` so the domain also builds for the
/// package's macOS 14 deployment target, where `Int128` is unavailable.
public enum WideArithmetic {
    /// `a * b / c` rounded as asked, or nil when `c` is 0 or the result does not fit in `Int64`.
    public static func mulDiv(_ a: Int64, _ b: Int64, _ c: Int64, rounding: MagnitudeRounding) -> Int64? {
        guard c != 0 else { return nil }
        let negative = ((a < 0) != (b < 0)) != (c < 0)
        let product = a.magnitude.multipliedFullWidth(by: b.magnitude)
        let divisor = c.magnitude
        // dividingFullWidth traps when the quotient needs more than 64 bits; that is exactly high >= divisor.
        guard product.high < divisor else { return nil }
        let (quotient, remainder) = divisor.dividingFullWidth(product)
        var magnitude = quotient
        switch rounding {
        case .towardZero:
            break
        case .awayFromZero:
            if remainder > 0 { magnitude += 1 }
        case .halfAwayFromZero:
            // remainder < divisor <= 2^63, so doubling it cannot overflow UInt64.
            if remainder * 2 >= divisor { magnitude += 1 }
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    /// Whether `|a| * |b| <= |c| * |d|`, compared exactly.
    static func magnitudeProduct(_ a: Int64, _ b: Int64, isAtMost c: Int64, _ d: Int64) -> Bool {
        let left = a.magnitude.multipliedFullWidth(by: b.magnitude)
        let right = c.magnitude.multipliedFullWidth(by: d.magnitude)
        return left.high < right.high || (left.high == right.high && left.low <= right.low)
    }

    /// Whether `value` is within `toleranceBps` of `target`: `|value - target| * 10000 <= tolerance * |target|`.
    ///
    /// With a zero target only a zero value is within, whatever the tolerance.
    static func isWithin(_ value: Int64, of target: Int64, toleranceBps: Int64) -> Bool {
        let (difference, overflow) = value.subtractingReportingOverflow(target)
        if overflow { return false }
        return magnitudeProduct(difference, 10_000, isAtMost: max(toleranceBps, 0), target)
    }

    /// `a * b / c` rounded as asked, or nil when `c` is 0 or the result leaves the contract's exact range
    /// ±(2^53 - 1): the figure a response may carry.
    public static func exactMulDiv(_ a: Int64, _ b: Int64, _ c: Int64, rounding: MagnitudeRounding) -> Int64? {
        mulDiv(a, b, c, rounding: rounding).flatMap(ExactSum.inRange)
    }

    /// Sum of the values, or nil when it leaves the contract's exact range ±(2^53 - 1).
    public static func exactSum(_ values: some Sequence<Int64>) -> Int64? {
        var sum = ExactSum()
        for value in values { sum.add(value) }
        return sum.value
    }

    /// Sum of the values, or nil when it overflows `Int64`.
    static func checkedSum(_ values: some Sequence<Int64>) -> Int64? {
        var total: Int64 = 0
        for value in values {
            let (sum, overflow) = total.addingReportingOverflow(value)
            if overflow { return nil }
            total = sum
        }
        return total
    }
}

/// A running sum that never traps and knows whether it is still within the contract's exact range.
///
/// The total is kept modulo 2^64 with a count of wrap-arounds, so the true sum of up to 2^63 terms is known
/// exactly: terms far beyond the range may still cancel out.
public struct ExactSum: Sendable, Hashable {
    private var low: Int64 = 0
    private var wraps: Int64 = 0

    /// An empty sum (0).
    public init() {}

    /// A sum of the values.
    public init(_ values: some Sequence<Int64>) {
        for value in values { add(value) }
    }

    /// Adds a term.
    public mutating func add(_ term: Int64) {
        let (sum, overflow) = low.addingReportingOverflow(term)
        low = sum
        // Adding a positive term wraps downwards past Int64.max, a negative one upwards past Int64.min.
        if overflow { wraps &+= term > 0 ? 1 : -1 }
    }

    /// Adds another sum.
    public mutating func add(_ other: ExactSum) {
        add(other.low)
        wraps &+= other.wraps
    }

    /// The sum, or nil when it is outside ±(2^53 - 1).
    public var value: Int64? { wraps == 0 ? Self.inRange(low) : nil }

    /// The value when it is within ±(2^53 - 1), else nil.
    public static func inRange(_ value: Int64) -> Int64? {
        (-MetricValues.maxValue...MetricValues.maxValue).contains(value) ? value : nil
    }
}
