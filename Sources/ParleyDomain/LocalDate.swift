/// A calendar date without time or zone, such as an actual's date or a hire date.
public struct LocalDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The year, 1...9999.
    public let year: Int
    /// The month, 1...12.
    public let month: Int
    /// The day of the month, 1...31.
    public let day: Int

    /// A date, or nil when it does not exist in the Gregorian calendar (e.g. 2027-02-29) or lies outside 1...9999.
    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...CivilDays.daysInMonth(year: year, month: month)).contains(day)
        else { return nil }
        self.init(validYear: year, month: month, day: day)
    }

    /// A date from components already known to be valid.
    init(validYear year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// The date a number of days after 1970-01-01.
    public init(daysSinceEpoch: Int) {
        let civil = CivilDays.date(days: daysSinceEpoch)
        self.init(validYear: civil.year, month: civil.month, day: civil.day)
    }

    /// Parses exactly `YYYY-MM-DD`, rejecting impossible dates.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3,
            let year = CivilDays.digits(parts[0], count: 4),
            let month = CivilDays.digits(parts[1], count: 2),
            let day = CivilDays.digits(parts[2], count: 2)
        else { return nil }
        self.init(year: year, month: month, day: day)
    }

    /// The `YYYY-MM-DD` form.
    public var description: String {
        CivilDays.padded(year, width: 4) + "-" + CivilDays.padded(month, width: 2) + "-"
            + CivilDays.padded(day, width: 2)
    }

    /// Days since 1970-01-01 (negative before).
    public var daysSinceEpoch: Int { CivilDays.days(year: year, month: month, day: day) }

    /// The date `count` days later (earlier when negative).
    public func adding(days count: Int) -> LocalDate {
        LocalDate(daysSinceEpoch: daysSinceEpoch + count)
    }

    /// The same day `count` months later, clamped to the end of a shorter month (Jan 31 + 1 month = Feb 28/29).
    public func adding(months count: Int) -> LocalDate {
        let target = yearMonth.adding(months: count)
        return LocalDate(validYear: target.year, month: target.month, day: min(day, target.dayCount))
    }

    /// Signed number of days from this date to `other`.
    public func days(until other: LocalDate) -> Int { other.daysSinceEpoch - daysSinceEpoch }

    /// The month the date falls in.
    public var yearMonth: YearMonth { YearMonth(validYear: year, month: month) }

    /// The day of the week.
    public var weekday: Weekday {
        // 1970-01-01 was a Thursday (ISO number 4); the double modulo keeps negative day counts right.
        let index = ((daysSinceEpoch + 3) % 7 + 7) % 7
        // index is 0...6 by the double modulo, so the fallback is never taken.
        return Weekday(rawValue: index + 1) ?? .monday
    }

    /// Whether the date is a working day, Monday to Friday (public holidays are not modelled).
    public var isWorkingDay: Bool { weekday.isWorkingDay }

    /// The ISO 8601 week the date belongs to (its year may differ from the date's year near New Year).
    public var isoWeek: IsoWeek {
        // An ISO week belongs to the year that holds its Thursday.
        let thursday = adding(days: 4 - weekday.rawValue)
        let dayOfYear = thursday.daysSinceEpoch - CivilDays.days(year: thursday.year, month: 1, day: 1)
        return IsoWeek(validYear: thursday.year, week: dayOfYear / 7 + 1)
    }

    /// Orders by time.
    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// Decodes from the `YYYY-MM-DD` string form.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let value = LocalDate(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected YYYY-MM-DD")
        }
        self = value
    }

    /// Encodes as the `YYYY-MM-DD` string form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
