/// A day of the week, numbered as in ISO 8601 (Monday = 1).
public enum Weekday: Int, Sendable, Hashable, Codable, CaseIterable {
    case monday = 1
    case tuesday
    case wednesday
    case thursday
    case friday
    case saturday
    case sunday

    /// Whether sales work is expected on this day (Monday to Friday).
    public var isWorkingDay: Bool { rawValue <= 5 }
}
