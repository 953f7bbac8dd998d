/// A day of the week, numbered as in ISO 8601 (Monday = 1).
public enum Weekday: Int, Sendable, Hashable, Codable, CaseIterable {
    /// Monday.
    case monday = 1
    /// Tuesday.
    case tuesday
    /// Wednesday.
    case wednesday
    /// Thursday.
    case thursday
    /// Friday.
    case friday
    /// Saturday.
    case saturday
    /// Sunday.
    case sunday

    /// Whether sales work is expected on this day (Monday to Friday).
    public var isWorkingDay: Bool { rawValue <= 5 }
}
