import Foundation
import ParleyDomain

/// Decodes request bodies the way the contract demands: integers exact within ±(2^53 - 1), no floats,
/// no unknown fields, and every problem reported with the path of the field it concerns.
///
/// It decodes from a `JSONValue` tree and records which keys of each object the `Decodable` type read;
/// afterwards any key nobody read is an unknown field (so a client cannot set `state`, `version`, ...).
enum StrictJSON {
    /// The largest magnitude the contract allows for a metric value (2^53 - 1).
    static let maximumInteger: Int64 = 9_007_199_254_740_991

    /// Parses and decodes a body; `MalformedJSON` for bad syntax, `StoreError.validation` for bad content.
    static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        let tree = try JSONParser.parse(bytes)
        let log = ReadLog()
        let decoder = TreeDecoder(value: tree, codingPath: [], log: log)
        let value: T
        do {
            value = try T(from: decoder)
        } catch let error as DecodingError {
            throw FieldErrors.from(error)
        }
        var unknown: [FieldError] = []
        collectUnread(tree, path: "", log: log, into: &unknown)
        if !unknown.isEmpty { throw FieldErrors(errors: unknown) }
        return value
    }

    private static func collectUnread(_ value: JSONValue, path: String, log: ReadLog, into errors: inout [FieldError]) {
        switch value {
        case .object(let members):
            guard let read = log.keys[path] else {
                // The type never opened this object as keyed (e.g. decoded it as a whole): nothing to check.
                return
            }
            for (key, member) in members.sorted(by: { $0.key < $1.key }) {
                let childPath = path.isEmpty ? key : "\(path).\(key)"
                if read.contains(key) {
                    collectUnread(member, path: childPath, log: log, into: &errors)
                } else {
                    errors.append(FieldError(field: childPath, message: "unknown field"))
                }
            }
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                collectUnread(element, path: "\(path)[\(index)]", log: log, into: &errors)
            }
        default:
            break
        }
    }
}

/// A request type declares a field of a type the strict decoder does not read (e.g. `Double`, `Date`).
///
/// Not a client error: it is logged and answered `500`, so the endpoint's tests fail and the process lives on.
struct UnsupportedFieldType: Error, CustomStringConvertible {
    /// The Swift type, e.g. `Double`.
    var type: String
    /// The field's path in the body.
    var field: String

    var description: String {
        "request types use Int64, Int, String, Bool and UUID only; \(field) is a \(type)"
    }
}

/// Validation errors with field paths (`422 validation_failed`).
struct FieldErrors: Error {
    var errors: [FieldError]

    static func from(_ error: DecodingError) -> FieldErrors {
        func path(_ codingPath: [any CodingKey]) -> String { FieldPath.render(codingPath) }
        switch error {
        case .typeMismatch(_, let context):
            return FieldErrors(errors: [FieldError(field: path(context.codingPath), message: context.debugDescription)])
        case .dataCorrupted(let context):
            // The standard library's message for an unknown enum value names a Swift type: not for clients.
            let message =
                context.debugDescription.hasPrefix("Cannot initialize ")
                ? "is not one of the allowed values" : context.debugDescription
            return FieldErrors(errors: [FieldError(field: path(context.codingPath), message: message)])
        case .keyNotFound(let key, let context):
            return FieldErrors(errors: [FieldError(field: path(context.codingPath + [key]), message: "is required")])
        case .valueNotFound(_, let context):
            return FieldErrors(errors: [FieldError(field: path(context.codingPath), message: "must not be null")])
        @unknown default:
            return FieldErrors(errors: [FieldError(field: "", message: "invalid body")])
        }
    }
}

/// Renders coding paths as `values.revenue.months[3]`.
enum FieldPath {
    static func render(_ codingPath: [any CodingKey]) -> String {
        var out = ""
        for key in codingPath {
            if let index = key.intValue {
                out += "[\(index)]"
            } else {
                out += out.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return out
    }
}

/// Which keys of which objects were read, by path.
final class ReadLog {
    var keys: [String: Set<String>] = [:]

    func opened(_ path: String) {
        if keys[path] == nil { keys[path] = [] }
    }

    func read(_ key: String, in path: String) {
        keys[path, default: []].insert(key)
    }
}

struct IndexKey: CodingKey {
    var stringValue: String { intValue.map(String.init) ?? "" }
    var intValue: Int?
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

private struct TreeDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    let log: ReadLog
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else {
            throw DecodingError.typeMismatch(
                [String: Any].self, .init(codingPath: codingPath, debugDescription: "must be an object"))
        }
        let path = FieldPath.render(codingPath)
        log.opened(path)
        return KeyedDecodingContainer(
            KeyedContainer<Key>(members: members, codingPath: codingPath, path: path, log: log))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else {
            throw DecodingError.typeMismatch(
                [Any].self, .init(codingPath: codingPath, debugDescription: "must be an array"))
        }
        return UnkeyedContainer(elements: elements, codingPath: codingPath, log: log)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleValue(value: value, codingPath: codingPath, log: log)
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: [String: JSONValue]
    let codingPath: [any CodingKey]
    let path: String
    let log: ReadLog

    var allKeys: [Key] {
        members.keys.sorted().compactMap {
            log.read($0, in: path)
            return Key(stringValue: $0)
        }
    }

    func contains(_ key: Key) -> Bool {
        log.read(key.stringValue, in: path)
        return members[key.stringValue] != nil
    }

    private func member(_ key: Key) throws -> JSONValue {
        log.read(key.stringValue, in: path)
        guard let value = members[key.stringValue] else {
            throw DecodingError.keyNotFound(key, .init(codingPath: codingPath, debugDescription: "is required"))
        }
        return value
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        log.read(key.stringValue, in: path)
        return members[key.stringValue].map { $0 == .null } ?? true
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let value = try member(key)
        return try TreeDecoder(value: value, codingPath: codingPath + [key], log: log).decodeValue(T.self)
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        log.read(key.stringValue, in: path)
        guard let value = members[key.stringValue], value != .null else { return nil }
        return try TreeDecoder(value: value, codingPath: codingPath + [key], log: log).decodeValue(T.self)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try TreeDecoder(value: try member(key), codingPath: codingPath + [key], log: log).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try TreeDecoder(value: try member(key), codingPath: codingPath + [key], log: log).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder { TreeDecoder(value: .object(members), codingPath: codingPath, log: log) }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        TreeDecoder(value: try member(key), codingPath: codingPath + [key], log: log)
    }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let elements: [JSONValue]
    let codingPath: [any CodingKey]
    let log: ReadLog
    var currentIndex = 0

    init(elements: [JSONValue], codingPath: [any CodingKey], log: ReadLog) {
        self.elements = elements
        self.codingPath = codingPath
        self.log = log
    }

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    private mutating func next() throws -> TreeDecoder {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(
                Any.self, .init(codingPath: codingPath, debugDescription: "too few elements"))
        }
        defer { currentIndex += 1 }
        return TreeDecoder(value: elements[currentIndex], codingPath: codingPath + [IndexKey(currentIndex)], log: log)
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, elements[currentIndex] == .null else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try next().decodeValue(T.self) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws
        -> KeyedDecodingContainer<NestedKey>
    {
        try next().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer { try next().unkeyedContainer() }

    mutating func superDecoder() throws -> any Decoder { try next() }
}

private struct SingleValue: SingleValueDecodingContainer {
    let value: JSONValue
    let codingPath: [any CodingKey]
    let log: ReadLog

    func decodeNil() -> Bool { value == .null }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try TreeDecoder(value: value, codingPath: codingPath, log: log).decodeValue(T.self)
    }
}

extension TreeDecoder {
    fileprivate func mismatch(_ message: String) -> DecodingError {
        if value == .null {
            return .valueNotFound(Any.self, .init(codingPath: codingPath, debugDescription: "must not be null"))
        }
        return .typeMismatch(Any.self, .init(codingPath: codingPath, debugDescription: message))
    }

    /// Primitives are decoded here; everything else through its own `init(from:)`.
    fileprivate func decodeValue<T: Decodable>(_ type: T.Type) throws -> T {
        let decoded: Any
        switch type {
        case is String.Type:
            guard case .string(let string) = value else { throw mismatch("must be a string") }
            // PostgreSQL text cannot hold NUL, and libpq would cut the value short at it.
            guard !string.unicodeScalars.contains("\u{0}") else { throw mismatch("must not contain NUL characters") }
            decoded = string
        case is Bool.Type:
            guard case .bool(let bool) = value else { throw mismatch("must be true or false") }
            decoded = bool
        case is Int64.Type:
            decoded = try integer()
        case is Int.Type:
            guard let int = Int(exactly: try integer()) else { throw mismatch("must be within ±\(Int.max)") }
            decoded = int
        case is UUID.Type:
            guard case .string(let string) = value, let uuid = UUID(uuidString: string) else {
                throw mismatch("must be a UUID")
            }
            decoded = uuid
        case is Double.Type, is Float.Type, is Int8.Type, is Int16.Type, is Int32.Type, is UInt.Type, is UInt8.Type,
            is UInt16.Type, is UInt32.Type, is UInt64.Type:
            // Floats have no place in the contract, and other integer widths would need range rules of their own.
            // A request type with such a field (or a `Date`, which decodes a Double) is a programming error: it
            // fails every request that reaches it, and its tests, instead of taking the process down.
            throw UnsupportedFieldType(type: String(describing: type), field: FieldPath.render(codingPath))
        default:
            return try T(from: self)
        }
        guard let result = decoded as? T else {
            throw UnsupportedFieldType(type: String(describing: type), field: FieldPath.render(codingPath))
        }
        return result
    }

    private func integer() throws -> Int64 {
        guard case .number(let text) = value else { throw mismatch("must be an integer") }
        guard !text.contains(where: { $0 == "." || $0 == "e" || $0 == "E" }) else {
            throw mismatch("must be an integer, not a fraction or exponent")
        }
        guard let number = Int64(text), (-StrictJSON.maximumInteger...StrictJSON.maximumInteger).contains(number) else {
            throw mismatch("must be within ±\(StrictJSON.maximumInteger)")
        }
        return number
    }
}
