/// A calendar quarter such as 2027-Q3, the grain of the quarterly review.
public struct Quarter: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public let year: Int
    /// The quarter number, 1...4.
    public let number: Int

    /// A quarter, or nil when the number is outside 1...4 or the year outside 1...9999.
    public init?(year: Int, number: Int) {
        guard (1...9999).contains(year), (1...4).contains(number) else { return nil }
        self.init(validYear: year, number: number)
    }

    /// A quarter from components already known to be valid.
    init(validYear year: Int, number: Int) {
        self.year = year
        self.number = number
    }

    /// The quarter's first month.
    public var firstMonth: YearMonth { YearMonth(validYear: year, month: (number - 1) * 3 + 1) }

    /// The `YYYY-Qn` form.
    public var description: String { CivilDays.padded(year, width: 4) + "-Q" + String(number) }

    /// Orders by time.
    public static func < (lhs: Quarter, rhs: Quarter) -> Bool { (lhs.year, lhs.number) < (rhs.year, rhs.number) }

    /// Encodes as the `YYYY-Qn` string form.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    /// Decodes from the `YYYY-Qn` string form.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[1].first == "Q",
            let year = CivilDays.digits(parts[0], count: 4),
            let number = CivilDays.digits(parts[1].dropFirst(), count: 1),
            let quarter = Quarter(year: year, number: number)
        else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "expected YYYY-Qn")
        }
        self = quarter
    }
}
