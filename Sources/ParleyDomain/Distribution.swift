/// Splitting a total into integer parts that sum exactly (contract: Top-down goals).
public enum Distribution {
    /// Splits `total` in proportion to `weights` by the largest remainder method.
    ///
    /// Each part gets the floor of its exact share; the units left over go one each to the parts with the
    /// largest fractional remainders, ties to the earlier index. All-zero weights split evenly, so even parts
    /// differ by at most 1. The parts always sum to `total`.
    ///
    /// - Precondition: `total >= 0`, weights non-negative and non-empty, and their sum fits in `Int64`.
    public static func split(total: Int64, weights: [Int64]) -> [Int64] {
        precondition(total >= 0, "total must not be negative")
        precondition(!weights.isEmpty, "at least one weight is required")
        precondition(weights.allSatisfy { $0 >= 0 }, "weights must not be negative")
        let sum = WideArithmetic.checkedSum(weights)
        precondition(sum != nil, "sum of weights overflows")
        var effective = weights
        var weightSum = sum!
        if weightSum == 0 {
            effective = Array(repeating: 1, count: weights.count)
            weightSum = Int64(weights.count)
        }
        var parts: [Int64] = []
        var remainders: [UInt64] = []
        parts.reserveCapacity(effective.count)
        remainders.reserveCapacity(effective.count)
        for weight in effective {
            // total * weight / weightSum <= total, so the quotient always fits; the product needs 128 bits.
            let product = total.magnitude.multipliedFullWidth(by: weight.magnitude)
            let (quotient, remainder) = weightSum.magnitude.dividingFullWidth(product)
            parts.append(Int64(quotient))
            remainders.append(remainder)
        }
        // The floors lose less than one unit per part, so fewer units than parts are left over.
        let leftover = Int(total - parts.reduce(0, +))
        if leftover > 0 {
            // Remainders share the denominator weightSum, so comparing them compares the fractional parts.
            let order = remainders.indices.sorted {
                remainders[$0] != remainders[$1] ? remainders[$0] > remainders[$1] : $0 < $1
            }
            for index in order.prefix(leftover) { parts[index] += 1 }
        }
        return parts
    }

    /// Splits `total` evenly into `count` parts, the earlier parts taking the leftover units.
    public static func even(total: Int64, count: Int) -> [Int64] {
        split(total: total, weights: Array(repeating: 1, count: count))
    }
}
