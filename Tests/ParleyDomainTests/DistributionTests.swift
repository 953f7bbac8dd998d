import Testing

@testable import ParleyDomain

@Suite struct DistributionTests {
    @Test func largestRemainderExample() {
        // 100 by 1:1:1 → 33.33 each; the one left over goes to the earliest tie.
        #expect(Distribution.split(total: 100, weights: [1, 1, 1]) == [34, 33, 33])
        // 10 by 1:2:3:4 is exact.
        #expect(Distribution.split(total: 10, weights: [1, 2, 3, 4]) == [1, 2, 3, 4])
        // 7 by 3:3:1 → 3, 3, 1 exactly; 8 by 3:3:1 → 3.43, 3.43, 1.14: the extra unit goes to index 0.
        #expect(Distribution.split(total: 8, weights: [3, 3, 1]) == [4, 3, 1])
        // Largest remainder, not earliest: 10 by 1:1:4 → 1.67, 1.67, 6.67 → one each to the first two? No: floors
        // 1, 1, 6 leave 2 units, remainders all 4/6, so the first two win the tie.
        #expect(Distribution.split(total: 10, weights: [1, 1, 4]) == [2, 2, 6])
        #expect(Distribution.split(total: 5, weights: [0, 0, 0]) == [2, 2, 1])
        #expect(Distribution.split(total: 0, weights: [3, 1]) == [0, 0])
        #expect(Distribution.split(total: 5, weights: [0, 7, 0]) == [0, 5, 0])
    }

    @Test func hugeValuesDoNotOverflow() {
        let parts = Distribution.split(total: Int64.max, weights: [Int64.max / 2, Int64.max / 2])
        #expect(parts.reduce(0 as Int64) { $0 &+ $1 } == Int64.max)
        #expect(abs(parts[0] - parts[1]) <= 1)
    }

    @Test(arguments: [1 as UInt64, 2, 3, 42, 2027, 9_999])
    func splitsSumExactly(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        for _ in 0..<500 {
            let count = Int.random(in: 1...24, using: &random)
            let total = Int64.random(in: 0...MetricValues.maxValue, using: &random)
            let weights = (0..<count).map { _ in
                Bool.random(using: &random) ? 0 : Int64.random(in: 0...1_000_000_000_000, using: &random)
            }
            let parts = Distribution.split(total: total, weights: weights)
            #expect(parts.count == count)
            #expect(parts.reduce(0, +) == total)
            #expect(parts.allSatisfy { $0 >= 0 })
            let sum = weights.reduce(0, +)
            for (part, weight) in zip(parts, weights) where sum > 0 {
                // Each part is its exact share rounded down or up by one unit.
                let floor = WideArithmetic.mulDiv(total, weight, sum, rounding: .towardZero)!
                #expect(part == floor || part == floor + 1)
            }
        }
    }

    @Test(arguments: [7 as UInt64, 8, 9])
    func evenMonthsDifferByAtMostOne(seed: UInt64) {
        var random = SeededGenerator(seed: seed)
        for _ in 0..<500 {
            let count = Int.random(in: 1...36, using: &random)
            let total = Int64.random(in: 0...MetricValues.maxValue, using: &random)
            let parts = Distribution.even(total: total, count: count)
            #expect(parts.reduce(0, +) == total)
            #expect(parts.max()! - parts.min()! <= 1)
            // Leftover units go to the earliest months.
            #expect(parts == parts.sorted(by: >))
        }
    }
}
