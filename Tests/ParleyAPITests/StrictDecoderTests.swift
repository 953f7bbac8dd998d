import Foundation
import Testing

@testable import ParleyAPI

/// The strict decoder reads Int64, Int, String, Bool and UUID; a request type declaring anything else is a
/// programming error that must fail its request (and so its tests), never trap the process.
@Suite("strict decoder: unsupported field types")
struct StrictDecoderTests {
    struct WithDouble: Decodable { var ratio: Double }
    struct WithDate: Decodable { var at: Date }
    struct WithUInt64: Decodable { var count: UInt64 }
    struct WithInt32: Decodable { var count: Int32 }
    struct WithNestedFloat: Decodable {
        struct Inner: Decodable { var share: Float }
        var inner: [Inner]
    }
    struct Supported: Decodable {
        var count: Int
        var total: Int64
        var name: String
        var flag: Bool
        var id: UUID
    }

    static func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try StrictJSON.decode(type, from: Array(json.utf8))
    }

    @Test("Double, Date, UInt64, Int32 and nested Float fields throw UnsupportedFieldType naming the field")
    func unsupported() {
        let cases: [(String, () throws -> Any)] = [
            ("ratio", { try Self.decode(WithDouble.self, #"{"ratio": 1}"#) }),
            ("at", { try Self.decode(WithDate.self, #"{"at": 1}"#) }),
            ("count", { try Self.decode(WithUInt64.self, #"{"count": 1}"#) }),
            ("count", { try Self.decode(WithInt32.self, #"{"count": 1}"#) }),
            ("inner[0].share", { try Self.decode(WithNestedFloat.self, #"{"inner": [{"share": 1}]}"#) }),
        ]
        for (field, decode) in cases {
            do {
                _ = try decode()
                Issue.record("\(field) decoded")
            } catch let error as UnsupportedFieldType {
                #expect(error.field == field)
            } catch {
                Issue.record("\(field): \(error)")
            }
        }
    }

    @Test("supported fields still decode, and extreme integers are validation errors")
    func supported() throws {
        let id = UUID()
        let value = try Self.decode(
            Supported.self,
            #"{"count": -9007199254740991, "total": 9007199254740991, "name": "x", "flag": true, "id": "\#(id)"}"#)
        #expect(value.count == -9_007_199_254_740_991 && value.total == 9_007_199_254_740_991 && value.id == id)
        #expect(throws: FieldErrors.self) {
            _ = try Self.decode(
                Supported.self, #"{"count": 9007199254740992, "total": 1, "name": "x", "flag": true, "id": "\#(id)"}"#)
        }
    }
}
