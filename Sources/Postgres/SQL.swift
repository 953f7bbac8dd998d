/// A statement with its bind parameters kept apart from its text.
///
/// Interpolated values become `$1`, `$2`, ... and travel as parameters, so no value is ever spliced
/// into SQL. Text that really must be spliced (an identifier from a trusted list) goes through the
/// visibly named `unsafeSQL:` interpolation.
public struct SQL: Sendable, ExpressibleByStringInterpolation {
    /// The statement text with `$n` placeholders.
    public private(set) var text: String
    /// The parameters, in text format; `nil` is SQL NULL.
    public private(set) var binds: [String?]

    /// Creates a statement from raw text and already-encoded parameters.
    public init(unsafeSQL text: String, binds: [String?] = []) {
        self.text = text
        self.binds = binds
    }

    /// Creates a statement without parameters.
    public init(stringLiteral value: String) {
        self.init(unsafeSQL: value)
    }

    /// Creates a statement from an interpolation.
    public init(stringInterpolation: StringInterpolation) {
        self.init(unsafeSQL: stringInterpolation.text, binds: stringInterpolation.binds)
    }

    /// Builds the text and parameters of a statement.
    public struct StringInterpolation: StringInterpolationProtocol {
        var text = ""
        var binds: [String?] = []

        /// Reserves room.
        public init(literalCapacity: Int, interpolationCount: Int) {
            text.reserveCapacity(literalCapacity + interpolationCount * 3)
            binds.reserveCapacity(interpolationCount)
        }

        /// Appends literal SQL.
        public mutating func appendLiteral(_ literal: String) {
            text += literal
        }

        /// Appends a value as the next parameter.
        public mutating func appendInterpolation(_ value: some PostgresEncodable) {
            binds.append(value.postgresText)
            text += "$\(binds.count)"
        }

        /// Appends an optional value; `nil` binds SQL NULL.
        public mutating func appendInterpolation(_ value: (some PostgresEncodable)?) {
            binds.append(value?.postgresText)
            text += "$\(binds.count)"
        }

        /// Appends another statement's text and parameters (a column list, a `FOR UPDATE`, a condition built
        /// elsewhere), renumbering its placeholders after this statement's own.
        public mutating func appendInterpolation(_ fragment: SQL) {
            guard !fragment.binds.isEmpty else {
                text += fragment.text
                return
            }
            let offset = binds.count
            binds += fragment.binds
            var rest = fragment.text[...]
            while let dollar = rest.firstIndex(of: "$") {
                text += rest[..<dollar]
                let digits = rest[rest.index(after: dollar)...].prefix(while: \.isASCII).prefix(while: \.isNumber)
                if let number = Int(digits) {
                    text += "$\(number + offset)"
                } else {
                    text += "$"
                }
                rest = rest[digits.endIndex...]
            }
            text += rest
        }

        /// Splices raw text. Only for trusted, constant text such as identifiers chosen from a fixed list.
        public mutating func appendInterpolation(unsafeSQL raw: String) {
            text += raw
        }
    }
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
