/// A calendar month such as 2027-01, the grain of every plan value.
public struct YearMonth: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The year, 1...9999.
    public let year: Int
    /// The month, 1...12.
    public let month: Int

    /// A month, or nil when the year is outside 1...9999 or the month outside 1...12.
    public init?(year: Int, month: Int) {
        guard (1...9999).contains(year), (1...12).contains(month) else { return nil }
        self.year = year
        self.month = month
    }

    /// A month from components already known to be valid (checked by the caller, or derived from valid ones).
    init(validYear year: Int, month: Int) {
        self.year = year
        self.month = month
    }

    /// Parses exactly `YYYY-MM`.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2,
            let year = CivilDays.digits(parts[0], count: 4),
            let month = CivilDays.digits(parts[1], count: 2)
        else { return nil }
        self.init(year: year, month: month)
    }

    /// The `YYYY-MM` form.
    public var description: String {
        CivilDays.padded(year, width: 4) + "-" + CivilDays.padded(month, width: 2)
    }

    /// Months since year 0, which makes month arithmetic a subtraction.
    var ordinal: Int { year * 12 + (month - 1) }

    /// The month `count` months later (earlier when negative), clamped to the supported years.
    public func adding(months count: Int) -> YearMonth {
        let target = min(max(ordinal + count, 12), 9999 * 12 + 11)
        // Clamped above, so the components are always valid.
        return YearMonth(validYear: target / 12, month: target % 12 + 1)
    }

    /// Signed number of months from this month to `other` (2027-01 until 2027-04 is 3).
    public func months(until other: YearMonth) -> Int {
        other.ordinal - ordinal
    }

    /// The first day of the month.
    public var firstDay: LocalDate { LocalDate(validYear: year, month: month, day: 1) }

    /// The last day of the month.
    public var lastDay: LocalDate {
        LocalDate(validYear: year, month: month, day: CivilDays.daysInMonth(year: year, month: month))
    }

    /// Number of days in the month.
    public var dayCount: Int { CivilDays.daysInMonth(year: year, month: month) }

    /// The quarter the month falls in.
    public var quarter: Quarter { Quarter(validYear: year, number: (month - 1) / 3 + 1) }

    /// Every day of the month in order.
    public var days: [LocalDate] {
        let first = firstDay.daysSinceEpoch
        return (0..<dayCount).map { LocalDate(daysSinceEpoch: first + $0) }
    }

    /// Orders by time.
    public static func < (lhs: YearMonth, rhs: YearMonth) -> Bool { lhs.ordinal < rhs.ordinal }

    /// Decodes from the `YYYY-MM` string form.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = YearMonth(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected YYYY-MM")
        }
        self = value
    }

    /// Encodes as the `YYYY-MM` string form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
