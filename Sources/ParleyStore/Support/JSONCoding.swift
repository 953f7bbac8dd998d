import Foundation

/// JSON for jsonb columns and event data: sorted keys, so equal values give equal text, and lower-case UUIDs.
enum JSONCoding {
    static func encode(_ value: some Encodable) throws -> String {
        String(decoding: try JSONWriter.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(text.utf8))
    }
}
