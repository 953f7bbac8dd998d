import Foundation

/// A Swift value that can be sent as a text-format bind parameter.
public protocol PostgresEncodable: Sendable {
    /// The value in PostgreSQL's text input format.
    var postgresText: String { get }
}

/// A Swift value that can be read from a text-format result column.
public protocol PostgresDecodable: PostgresColumn {
    /// Parses PostgreSQL's text output format; `nil` when the text is not a valid value.
    init?(postgresText: Substring)
}

/// A value that can be an element of a PostgreSQL array parameter (`$1::uuid[]`); `nil` is a NULL element.
public protocol PostgresArrayElement: Sendable {
    /// The element's text, or `nil` for NULL.
    var postgresElementText: String? { get }
}

extension PostgresArrayElement where Self: PostgresEncodable {
    /// The element's text.
    public var postgresElementText: String? { postgresText }
}

extension String: PostgresEncodable, PostgresDecodable, PostgresArrayElement {
    /// The string itself.
    public var postgresText: String { self }
    /// The text itself.
    public init?(postgresText: Substring) { self = String(postgresText) }
}

extension Int64: PostgresEncodable, PostgresDecodable, PostgresArrayElement {
    /// Decimal digits.
    public var postgresText: String { String(self) }
    /// Parses decimal digits.
    public init?(postgresText: Substring) { self.init(postgresText, radix: 10) }
}

extension Int: PostgresEncodable, PostgresDecodable, PostgresArrayElement {
    /// Decimal digits.
    public var postgresText: String { String(self) }
    /// Parses decimal digits.
    public init?(postgresText: Substring) { self.init(postgresText, radix: 10) }
}

extension Int32: PostgresEncodable, PostgresDecodable, PostgresArrayElement {
    /// Decimal digits.
    public var postgresText: String { String(self) }
    /// Parses decimal digits.
    public init?(postgresText: Substring) { self.init(postgresText, radix: 10) }
}

extension Bool: PostgresEncodable, PostgresDecodable, PostgresArrayElement {
    /// `t` or `f`.
    public var postgresText: String { self ? "t" : "f" }
    /// Parses `t`/`f` (and the long forms).
    public init?(postgresText: Substring) {
        switch postgresText {
        case "t", "true": self = true
        case "f", "false": self = false
        default: return nil
        }
    }
}

extension UUID: PostgresEncodable, PostgresDecodable, PostgresArrayElement {
    /// Lowercase canonical form.
    public var postgresText: String { lowercasedText }
    /// Parses the canonical form (PostgreSQL's `uuid` output).
    public init?(postgresText: Substring) { self.init(canonical: postgresText.utf8) }
}

extension UUID {
    /// The canonical lower-case text (RFC 9562), as PostgreSQL writes it and the contract wants it.
    ///
    /// Written digit by digit: Foundation's `uuidString` goes through `sprintf`, and then `lowercased()`
    /// copies it again (together 1.5 % of a `GET /v1/plans/{id}`, measured with `perf record`).
    public var lowercasedText: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(36)
        appendLowercased(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the canonical lower-case text to `bytes`.
    public func appendLowercased(to bytes: inout [UInt8]) {
        let digits: StaticString = "0123456789abcdef"
        withUnsafeBytes(of: uuid) { raw in
            for (index, byte) in raw.enumerated() {
                if index == 4 || index == 6 || index == 8 || index == 10 { bytes.append(UInt8(ascii: "-")) }
                bytes.append(digits.utf8Start[Int(byte >> 4)])
                bytes.append(digits.utf8Start[Int(byte & 0x0F)])
            }
        }
    }

    /// Parses the canonical 8-4-4-4-12 form in either case, and nothing else (no braces, spaces or signs).
    ///
    /// Foundation's `UUID(uuidString:)` parses with `sscanf`, 1.5 % of a `GET /v1/plans/{id}`.
    public init?(canonical text: some Collection<UInt8>) {
        guard text.count == 36 else { return nil }
        var raw: uuid_t = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        let parsed = withUnsafeMutableBytes(of: &raw) { out -> Bool in
            var position = 0
            var byteIndex = 0
            var high: UInt8?
            for character in text {
                defer { position += 1 }
                if position == 8 || position == 13 || position == 18 || position == 23 {
                    guard character == UInt8(ascii: "-") else { return false }
                    continue
                }
                let nibble: UInt8
                switch character {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = character - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = character - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): nibble = character - UInt8(ascii: "A") + 10
                default: return false
                }
                if let first = high {
                    out[byteIndex] = first << 4 | nibble
                    byteIndex += 1
                    high = nil
                } else {
                    high = nibble
                }
            }
            return byteIndex == 16
        }
        guard parsed else { return nil }
        self.init(uuid: raw)
    }
}

extension Data: PostgresEncodable, PostgresDecodable {
    /// bytea hex format (`\x0aff`).
    public var postgresText: String {
        let digits: [UInt8] = Array("0123456789abcdef".utf8)
        var bytes: [UInt8] = [UInt8(ascii: "\\"), UInt8(ascii: "x")]
        bytes.reserveCapacity(2 + count * 2)
        for byte in self {
            bytes.append(digits[Int(byte >> 4)])
            bytes.append(digits[Int(byte & 0x0f)])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Parses bytea hex format.
    public init?(postgresText: Substring) {
        let utf8 = Array(postgresText.utf8)
        guard utf8.count >= 2, utf8[0] == UInt8(ascii: "\\"), utf8[1] == UInt8(ascii: "x"), utf8.count % 2 == 0 else {
            return nil
        }
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
            default: nil
            }
        }
        var out = Data(capacity: (utf8.count - 2) / 2)
        var index = 2
        while index < utf8.count {
            guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { return nil }
            out.append(high << 4 | low)
            index += 2
        }
        self = out
    }
}

extension Date: PostgresEncodable, PostgresDecodable, PostgresArrayElement {
    /// RFC 3339 in UTC with microseconds, accepted by `timestamptz` input.
    public var postgresText: String { PostgresTimestamp.format(self) }
    /// Parses `timestamptz` output in ISO DateStyle (`2026-01-02 03:04:05.678+00`).
    public init?(postgresText: Substring) {
        guard let date = PostgresTimestamp.parse(postgresText) else { return nil }
        self = date
    }
}

/// Text-array parameters for bulk statements: `unnest($1::uuid[], $2::bigint[])`.
extension Array: PostgresEncodable where Element: PostgresArrayElement {
    /// Array literal `{"a","b"}` with every element quoted and escaped.
    public var postgresText: String { PostgresArrayLiteral.encode(self.map(\.postgresElementText)) }
}

extension Optional: PostgresArrayElement where Wrapped: PostgresArrayElement {
    /// The wrapped element, or NULL.
    public var postgresElementText: String? { self?.postgresElementText }
}

extension Array where Element: PostgresDecodable {
    /// Parses a one-dimensional array's text output; NULL elements are rejected.
    public init?(postgresArrayText text: Substring) {
        guard let elements = PostgresArrayLiteral.decode(text) else { return nil }
        var out: [Element] = []
        out.reserveCapacity(elements.count)
        for element in elements {
            guard let element, let value = Element(postgresText: element[...]) else { return nil }
            out.append(value)
        }
        self = out
    }
}

/// PostgreSQL array text format, one dimension.
enum PostgresArrayLiteral {
    /// Written as UTF-8 bytes: the two characters to escape are ASCII, so no byte of another character matches
    /// them. (Appending one Unicode scalar at a time to a String took 11 µs for a proposal event's JSON text, which
    /// `parley_append_events` takes in an array; this takes 0.9 µs.)
    static func encode(_ elements: [String?]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(elements.reduce(2) { $0 + ($1?.utf8.count ?? 4) + 3 })
        out.append(UInt8(ascii: "{"))
        for (index, element) in elements.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            guard let element else {
                out.append(contentsOf: "NULL".utf8)
                continue
            }
            out.append(UInt8(ascii: "\""))
            for byte in element.utf8 {
                if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { out.append(UInt8(ascii: "\\")) }
                out.append(byte)
            }
            out.append(UInt8(ascii: "\""))
        }
        out.append(UInt8(ascii: "}"))
        return String(decoding: out, as: UTF8.self)
    }

    static func decode(_ text: Substring) -> [String?]? {
        let bytes = Array(text.utf8)
        guard bytes.first == UInt8(ascii: "{"), bytes.last == UInt8(ascii: "}") else { return nil }
        var result: [String?] = []
        var index = 1
        let end = bytes.count - 1
        if index == end { return [] }
        while index <= end {
            var element: [UInt8] = []
            var quoted = false
            if bytes[index] == UInt8(ascii: "\"") {
                quoted = true
                index += 1
                while index < end, bytes[index] != UInt8(ascii: "\"") {
                    if bytes[index] == UInt8(ascii: "\\") { index += 1 }
                    element.append(bytes[index])
                    index += 1
                }
                index += 1  // closing quote
            } else {
                while index < end, bytes[index] != UInt8(ascii: ",") {
                    element.append(bytes[index])
                    index += 1
                }
            }
            let string = String(decoding: element, as: UTF8.self)
            result.append(!quoted && string == "NULL" ? nil : string)
            guard index == end || bytes[index] == UInt8(ascii: ",") else { return nil }
            index += 1
        }
        return result
    }
}

/// `timestamptz` text conversion without `DateFormatter` (fast, and independent of locale).
public enum PostgresTimestamp {
    /// RFC 3339 in UTC to the second (`2026-01-02T03:04:05Z`), the fraction dropped: what
    /// `Date.ISO8601FormatStyle()` writes, in a tenth of its time (it was 1 % of a `GET /v1/plans/{id}`).
    public static func secondsText(_ date: Date) -> String {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        let (year, month, day) = civil(fromDays: days)
        guard (0...9999).contains(year) else { return date.formatted(Date.ISO8601FormatStyle()) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20)
        func append(_ value: Int64, width: Int, then separator: Unicode.Scalar) {
            var divisor: Int64 = 1
            for _ in 1..<width { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor % 10))
                rest %= divisor
                divisor /= 10
            }
            bytes.append(UInt8(ascii: separator))
        }
        append(year, width: 4, then: "-")
        append(month, width: 2, then: "-")
        append(day, width: 2, then: "T")
        append(secondOfDay / 3600, width: 2, then: ":")
        append(secondOfDay / 60 % 60, width: 2, then: ":")
        append(secondOfDay % 60, width: 2, then: "Z")
        return String(decoding: bytes, as: UTF8.self)
    }

    static func format(_ date: Date) -> String {
        let totalMicros = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
        var seconds = totalMicros / 1_000_000
        var micros = totalMicros % 1_000_000
        if micros < 0 {
            micros += 1_000_000
            seconds -= 1
        }
        var days = seconds / 86_400
        var secondOfDay = seconds % 86_400
        if secondOfDay < 0 {
            secondOfDay += 86_400
            days -= 1
        }
        let (year, month, day) = civil(fromDays: days)
        func pad(_ value: Int64, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):"
            + "\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2)).\(pad(micros, 6))Z"
    }

    /// Parses `YYYY-MM-DD HH:MM:SS[.ffffff]+HH[:MM]` (the server runs with `TimeZone=UTC`, `DateStyle=ISO`).
    static func parse(_ text: Substring) -> Date? {
        let b = Array(text.utf8)
        guard b.count >= 19 else { return nil }
        func number(_ from: Int, _ length: Int) -> Int64? {
            var value: Int64 = 0
            for i in from..<(from + length) {
                guard i < b.count, b[i] >= 48, b[i] <= 57 else { return nil }
                value = value * 10 + Int64(b[i] - 48)
            }
            return value
        }
        guard let year = number(0, 4), let month = number(5, 2), let day = number(8, 2),
            let hour = number(11, 2), let minute = number(14, 2), let second = number(17, 2)
        else { return nil }
        var index = 19
        var micros: Int64 = 0
        if index < b.count, b[index] == UInt8(ascii: ".") {
            index += 1
            var digits = 0
            while index < b.count, b[index] >= 48, b[index] <= 57 {
                if digits < 6 {
                    micros = micros * 10 + Int64(b[index] - 48)
                    digits += 1
                }
                index += 1
            }
            for _ in digits..<6 { micros *= 10 }
        }
        var offsetSeconds: Int64 = 0
        if index < b.count, b[index] == UInt8(ascii: "+") || b[index] == UInt8(ascii: "-") {
            let sign: Int64 = b[index] == UInt8(ascii: "-") ? -1 : 1
            guard let hours = number(index + 1, 2) else { return nil }
            var minutes: Int64 = 0
            if index + 3 < b.count, b[index + 3] == UInt8(ascii: ":"), let m = number(index + 4, 2) { minutes = m }
            offsetSeconds = sign * (hours * 3600 + minutes * 60)
        }
        let days = days(fromCivil: year, month, day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        return Date(timeIntervalSince1970: Double(seconds) + Double(micros) / 1_000_000)
    }

    // Howard Hinnant's civil calendar algorithms.
    static func days(fromCivil y: Int64, _ m: Int64, _ d: Int64) -> Int64 {
        let y = m <= 2 ? y - 1 : y
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civil(fromDays z: Int64) -> (Int64, Int64, Int64) {
        let z = z + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, m, d)
    }
}
