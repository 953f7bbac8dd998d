/// Splitting a total into integer parts that sum exactly (contract: Top-down goals).
public enum Distribution {
    /// Splits `total` in proportion to `weights` by the largest remainder method.
    ///
    /// Each part gets the floor of its exact share; the units left over go one each to the parts with the
    /// largest fractional remainders, ties to the earlier index. All-zero weights split evenly, so even parts
    /// differ by at most 1. The parts always sum to `total`.
    ///
    /// Total for any input, so stored values can never trap it: negative weights count as 0, a negative total
    /// is split by magnitude and the parts negated, no weights give no parts, and weights whose sum would not fit
    /// in 64 bits are halved together until it does (validated inputs never come near that).
    public static func split(total: Int64, weights: [Int64]) -> [Int64] {
        guard !weights.isEmpty else { return [] }
        var effective = weights.map { UInt64(max($0, 0)) }
        var weightSum = sum(effective)
        while weightSum == nil {
            effective = effective.map { $0 >> 1 }
            weightSum = sum(effective)
        }
        var divisor = weightSum ?? 0
        if divisor == 0 {
            effective = Array(repeating: 1, count: weights.count)
            divisor = UInt64(weights.count)
        }
        let magnitude = total.magnitude
        var parts: [UInt64] = []
        var remainders: [UInt64] = []
        parts.reserveCapacity(effective.count)
        remainders.reserveCapacity(effective.count)
        for weight in effective {
            // magnitude * weight / divisor <= magnitude, so the quotient always fits; the product needs 128 bits.
            let (quotient, remainder) = divisor.dividingFullWidth(magnitude.multipliedFullWidth(by: weight))
            parts.append(quotient)
            remainders.append(remainder)
        }
        // The floors lose less than one unit per part, so fewer units than parts are left over, and their sum
        // is at most `magnitude`.
        let leftover = magnitude - parts.reduce(0, &+)
        if leftover > 0 {
            // Remainders share the denominator, so comparing them compares the fractional parts.
            let order = remainders.indices.sorted {
                remainders[$0] != remainders[$1] ? remainders[$0] > remainders[$1] : $0 < $1
            }
            for index in order.prefix(Int(clamping: leftover)) { parts[index] += 1 }
        }
        // Every part is at most `magnitude` <= 2^63, and -2^63 is representable, so negation cannot trap.
        return parts.map { total < 0 ? Int64(truncatingIfNeeded: 0 &- $0) : Int64(truncatingIfNeeded: $0) }
    }

    private static func sum(_ weights: [UInt64]) -> UInt64? {
        var total: UInt64 = 0
        for weight in weights {
            let (next, overflow) = total.addingReportingOverflow(weight)
            if overflow { return nil }
            total = next
        }
        return total
    }

    /// Splits `total` evenly into `count` parts, the earlier parts taking the leftover units.
    public static func even(total: Int64, count: Int) -> [Int64] {
        split(total: total, weights: Array(repeating: 1, count: count))
    }
}
