import Foundation
import Postgres

/// Encodes JSON as the contract wants it (response bodies, jsonb columns, event data): UUIDs in their canonical lower-case form
/// (RFC 9562; Foundation's `JSONEncoder` writes `uuidString`, which is upper case), dates as RFC 3339 UTC
/// seconds, object keys sorted (stable bodies for replay and tests), slashes unescaped, integers exact.
///
/// It builds a small tree through the `Encoder` protocol and then writes it out (UUIDs, dates and `[Int64]`
/// as one scalar each). Absent
/// optionals are left out unless a type encodes an explicit `nil`, as with `JSONEncoder`.
public enum JSONWriter {
    /// Encodes `value` to UTF-8 JSON bytes.
    public static func encode(_ value: some Encodable) throws -> [UInt8] {
        let root = JSONNode()
        try root.encode(value, codingPath: [])
        var bytes: [UInt8] = []
        bytes.reserveCapacity(256)
        root.write(into: &bytes)
        return bytes
    }
}

/// One value under construction: a scalar, an object or an array, whichever the encoder asked for.
private final class JSONNode {
    /// A scalar, already written as JSON text.
    var scalar: [UInt8]?
    /// An object's members in the order they were encoded (sorted when written; a key encoded twice keeps its last value).
    /// An array of pairs rather than a dictionary: objects are small, and hashing every key cost more than sorting them.
    var members: [(key: String, node: JSONNode)]?
    var elements: [JSONNode]?

    /// Encodes `value` into this node. The coding path is built only if a nested encoder needs it.
    func encode<T: Encodable>(_ value: T, codingPath: @autoclosure () -> [any CodingKey]) throws {
        // Type identity first: a failed `as?` on a generic value is a runtime cast, and most values are none of these.
        if T.self == UUID.self, let uuid = value as? UUID {
            var bytes: [UInt8] = [UInt8(ascii: "\"")]
            bytes.reserveCapacity(38)
            uuid.appendLowercased(to: &bytes)
            bytes.append(UInt8(ascii: "\""))
            scalar = bytes
        } else if T.self == Date.self, let date = value as? Date {
            scalar = .string(PostgresTimestamp.secondsText(date))
        } else if T.self == [Int64].self, let numbers = value as? [Int64] {
            // A metric's months, the bulk of what Parley writes: one scalar rather than a node per number.
            var bytes: [UInt8] = [UInt8(ascii: "[")]
            bytes.reserveCapacity(numbers.count * 10 + 2)
            for (index, number) in numbers.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                bytes.append(contentsOf: String(number).utf8)
            }
            bytes.append(UInt8(ascii: "]"))
            scalar = bytes
        } else {
            try value.encode(to: NodeEncoder(node: self, codingPath: codingPath()))
        }
    }

    func write(into bytes: inout [UInt8]) {
        if let scalar {
            bytes.append(contentsOf: scalar)
        } else if let elements {
            bytes.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                element.write(into: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        } else {
            bytes.append(UInt8(ascii: "{"))
            let members = self.members ?? []
            // A stable sort keeps a repeated key's values in encoding order; the last of each run is the one written.
            let order = members.indices.sorted { (members[$0].key, $0) < (members[$1].key, $1) }
            var first = true
            for (position, index) in order.enumerated() {
                if position + 1 < order.count, members[order[position + 1]].key == members[index].key { continue }
                if !first { bytes.append(UInt8(ascii: ",")) }
                first = false
                Self.write(string: members[index].key, into: &bytes)
                bytes.append(UInt8(ascii: ":"))
                members[index].node.write(into: &bytes)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    static func write(string: String, into bytes: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        bytes.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [0x5C, 0x22])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
            case 0x00..<0x20:
                bytes.append(contentsOf: Array("\\u00".utf8))
                bytes.append(hex[Int(byte >> 4)])
                bytes.append(hex[Int(byte & 0x0F)])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

private struct NodeEncoder: Encoder {
    let node: JSONNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if node.members == nil { node.members = [] }
        return KeyedEncodingContainer(KeyedWriter<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if node.elements == nil { node.elements = [] }
        return ArrayWriter(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        ValueWriter(node: node, codingPath: codingPath)
    }
}

private struct KeyedWriter<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: JSONNode
    let codingPath: [any CodingKey]

    private func child(_ key: Key) -> JSONNode {
        let child = JSONNode()
        node.members?.append((key.stringValue, child))
        return child
    }

    mutating func encodeNil(forKey key: Key) throws { child(key).scalar = .null }
    mutating func encode(_ value: Bool, forKey key: Key) throws { child(key).scalar = .bool(value) }
    mutating func encode(_ value: String, forKey key: Key) throws { child(key).scalar = .string(value) }
    // The integers a response carries, written directly rather than through the generic path's casts.
    mutating func encode(_ value: Int, forKey key: Key) throws { child(key).scalar = .number(String(value)) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { child(key).scalar = .number(String(value)) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try child(key).encode(value, codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key)
        -> KeyedEncodingContainer<NestedKey>
    {
        NodeEncoder(node: child(key), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        NodeEncoder(node: child(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { NodeEncoder(node: node, codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder { NodeEncoder(node: child(key), codingPath: codingPath + [key]) }
}

private struct ArrayWriter: UnkeyedEncodingContainer {
    let node: JSONNode
    let codingPath: [any CodingKey]
    var count: Int { node.elements?.count ?? 0 }

    private func append() -> JSONNode {
        let child = JSONNode()
        node.elements?.append(child)
        return child
    }

    mutating func encodeNil() throws { append().scalar = .null }
    mutating func encode(_ value: Bool) throws { append().scalar = .bool(value) }
    mutating func encode(_ value: String) throws { append().scalar = .string(value) }
    mutating func encode<T: Encodable>(_ value: T) throws { try append().encode(value, codingPath: codingPath) }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type)
        -> KeyedEncodingContainer<NestedKey>
    {
        NodeEncoder(node: append(), codingPath: codingPath).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        NodeEncoder(node: append(), codingPath: codingPath).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder { NodeEncoder(node: append(), codingPath: codingPath) }
}

private struct ValueWriter: SingleValueEncodingContainer {
    let node: JSONNode
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.scalar = .null }
    mutating func encode(_ value: Bool) throws { node.scalar = .bool(value) }
    mutating func encode(_ value: String) throws { node.scalar = .string(value) }
    // Every integer type spelled out: a generic witness here would recurse through `JSONNode.encode`.
    mutating func encode(_ value: Int) throws { node.scalar = .number(String(value)) }
    mutating func encode(_ value: Int8) throws { node.scalar = .number(String(value)) }
    mutating func encode(_ value: Int16) throws { node.scalar = .number(String(value)) }
    mutating func encode(_ value: Int32) throws { node.scalar = .number(String(value)) }
    mutating func encode(_ value: Int64) throws { node.scalar = .number(String(value)) }
    mutating func encode(_ value: UInt) throws { node.scalar = .number(String(value)) }
    mutating func encode(_ value: UInt8) throws { node.scalar = .number(String(value)) }
    mutating func encode(_ value: UInt16) throws { node.scalar = .number(String(value)) }
    mutating func encode(_ value: UInt32) throws { node.scalar = .number(String(value)) }
    mutating func encode(_ value: UInt64) throws { node.scalar = .number(String(value)) }
    mutating func encode(_ value: Float) throws { try encode(Double(value)) }
    mutating func encode(_ value: Double) throws {
        guard value.isFinite else {
            throw EncodingError.invalidValue(value, .init(codingPath: codingPath, debugDescription: "not a finite number"))
        }
        node.scalar = .number(value.description)
    }
    mutating func encode<T: Encodable>(_ value: T) throws { try node.encode(value, codingPath: codingPath) }
}

extension [UInt8] {
    fileprivate static let null = Array("null".utf8)

    fileprivate static func bool(_ value: Bool) -> [UInt8] { Array((value ? "true" : "false").utf8) }

    fileprivate static func number(_ text: String) -> [UInt8] { Array(text.utf8) }

    fileprivate static func string(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        JSONNode.write(string: text, into: &bytes)
        return bytes
    }
}
