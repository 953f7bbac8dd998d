/// One piece of a month's target that falls in one ISO week (a week spanning two months gives two pieces).
public struct WeekPiece: Sendable, Hashable, Codable {
    public var week: IsoWeek
    /// The month this piece belongs to.
    public var month: YearMonth
    /// Monday-to-Friday days of the week that fall in the month.
    public var workingDays: Int
    /// The piece's share of the month's value.
    public var value: Int64
}

/// A period's values per metric, for the breakdown endpoint.
public struct PeriodValues<Period: Sendable & Hashable & Codable>: Sendable, Hashable, Codable {
    /// The period (month or quarter).
    public var period: Period
    /// Value per metric key.
    public var values: [String: Int64]
}

/// One week row of the breakdown: a week's piece of one month, per metric.
public struct WeekRow: Sendable, Hashable, Codable {
    public var week: IsoWeek
    /// The month the piece belongs to.
    public var month: YearMonth
    /// Value per metric key.
    public var values: [String: Int64]
}

/// Targets per period: months as stored, quarters summed, weeks split by working days (contract: breakdown).
public enum Breakdown {
    /// Splits a month's value over the ISO weeks it touches, in proportion to each week's working days in the
    /// month; the pieces sum exactly to the value. Weeks with no working day in the month are left out.
    ///
    /// Targets are validated non-negative; a negative value is split by magnitude, so nothing traps.
    public static func weeks(of month: YearMonth, value: Int64) -> [WeekPiece] {
        var pieces: [WeekPiece] = []
        for day in month.days where day.isWorkingDay {
            let week = day.isoWeek
            if pieces.last?.week == week {
                pieces[pieces.count - 1].workingDays += 1
            } else {
                pieces.append(WeekPiece(week: week, month: month, workingDays: 1, value: 0))
            }
        }
        let parts = Distribution.split(total: value, weights: pieces.map { Int64($0.workingDays) })
        for index in pieces.indices { pieces[index].value = parts[index] }
        return pieces
    }

    /// Splits a month's value over its working days, in date order, consistently with `weeks(of:value:)`:
    /// each week's piece is split evenly over that week's working days, so days sum to their week's piece.
    ///
    public static func workingDays(of month: YearMonth, value: Int64) -> [(date: LocalDate, value: Int64)] {
        let workdays = month.days.filter(\.isWorkingDay)
        var result: [(date: LocalDate, value: Int64)] = []
        var offset = 0
        for piece in weeks(of: month, value: value) {
            let days = workdays[offset..<(offset + piece.workingDays)]
            let shares = Distribution.even(total: piece.value, count: piece.workingDays)
            for (day, share) in zip(days, shares) { result.append((day, share)) }
            offset += piece.workingDays
        }
        return result
    }

    /// Month rows of a plan's values (`values[metric][i]` is plan month `i`).
    public static func monthly(values: [String: [Int64]], start: YearMonth) -> [PeriodValues<YearMonth>] {
        let count = values.values.map(\.count).max() ?? 0
        return (0..<count).map { index in
            PeriodValues(
                period: start.adding(months: index),
                values: values.compactMapValues { $0.indices.contains(index) ? $0[index] : nil })
        }
    }

    /// Quarter rows: each metric's months combined by its aggregation (sum unless given; `average` rounds half
    /// up over the plan months in the quarter; `last` takes the quarter's last plan month).
    public static func quarterly(
        values: [String: [Int64]], start: YearMonth, aggregations: [String: MetricAggregation] = [:]
    ) throws(ValidationError) -> [PeriodValues<Quarter>] {
        var quarters: [Quarter] = []
        var monthsByQuarter: [Quarter: [Int]] = [:]
        let count = values.values.map(\.count).max() ?? 0
        for index in 0..<count {
            let quarter = start.adding(months: index).quarter
            if monthsByQuarter[quarter] == nil { quarters.append(quarter) }
            monthsByQuarter[quarter, default: []].append(index)
        }
        var result: [PeriodValues<Quarter>] = []
        for quarter in quarters {
            let indices = monthsByQuarter[quarter] ?? []
            var combined: [String: Int64] = [:]
            for key in values.keys.sorted() {
                let months = values[key] ?? []
                let inQuarter = indices.filter { months.indices.contains($0) }.map { months[$0] }
                guard let last = inQuarter.last else { continue }
                // Stored months are validated to sum within the range; this holds even if the rows do not.
                guard let sum = WideArithmetic.exactSum(inQuarter) else {
                    throw ValidationError([
                        FieldError(
                            field: "grain",
                            message: "the \(key) months of \(quarter) sum beyond ±\(MetricValues.maxValue)")
                    ])
                }
                switch aggregations[key] ?? .sum {
                case .sum:
                    combined[key] = sum
                case .average:
                    combined[key] = WideArithmetic.mulDiv(sum, 1, Int64(inQuarter.count), rounding: .halfAwayFromZero)
                case .last:
                    combined[key] = last
                }
            }
            result.append(PeriodValues(period: quarter, values: combined))
        }
        return result
    }

    /// Week rows of a plan's values; every metric is split by working days, so each month's rows sum to it.
    ///
    /// Metrics aggregated by `average` or `last` (rates, levels) are not split: each row carries the month's value.
    public static func weekly(
        values: [String: [Int64]], start: YearMonth, aggregations: [String: MetricAggregation] = [:]
    ) -> [WeekRow] {
        let count = values.values.map(\.count).max() ?? 0
        var rows: [WeekRow] = []
        for index in 0..<count {
            let month = start.adding(months: index)
            let template = weeks(of: month, value: 0)
            var monthRows = template.map { WeekRow(week: $0.week, month: month, values: [:]) }
            for (key, months) in values where months.indices.contains(index) {
                let isSummed = (aggregations[key] ?? .sum) == .sum
                let pieces = isSummed ? weeks(of: month, value: months[index]) : template
                for row in monthRows.indices {
                    monthRows[row].values[key] = isSummed ? pieces[row].value : months[index]
                }
            }
            rows += monthRows
        }
        return rows
    }
}
