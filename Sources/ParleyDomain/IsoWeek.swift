/// An ISO 8601 week such as 2027-W05, the grain of weekly tracking.
public struct IsoWeek: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    /// The ISO week-numbering year (may differ from the calendar year near New Year).
    public let year: Int
    /// The week number, 1...53.
    public let week: Int

    /// A week from components already known to be valid.
    init(validYear year: Int, week: Int) {
        self.year = year
        self.week = week
    }

    /// The `YYYY-Www` form.
    public var description: String {
        CivilDays.padded(year, width: 4) + "-W" + CivilDays.padded(week, width: 2)
    }

    /// Orders by time.
    public static func < (lhs: IsoWeek, rhs: IsoWeek) -> Bool { (lhs.year, lhs.week) < (rhs.year, rhs.week) }

    /// Encodes as the `YYYY-Www` string form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Decodes from the `YYYY-Www` string form.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].first == "W",
            let year = CivilDays.digits(parts[0], count: 4),
            let week = CivilDays.digits(parts[1].dropFirst(), count: 2),
            (1...53).contains(week)
        else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected YYYY-Www")
        }
        self.init(validYear: year, week: week)
    }
}
