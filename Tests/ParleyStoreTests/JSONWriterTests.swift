import Foundation
import ParleyStore
import Testing

@Suite("JSONWriter")
struct JSONWriterTests {
    private func text(_ value: some Encodable) throws -> String {
        String(decoding: try JSONWriter.encode(value), as: UTF8.self)
    }

    @Test("arrays of Int64 (metric months) are written exactly, empty, negative and at the edges, at any depth")
    func integerArrays() throws {
        let months: [String: [Int64]] = ["revenue": [1, -2, 9_007_199_254_740_991, .min, .max], "visits": []]
        #expect(try text(months) == #"{"revenue":[1,-2,9007199254740991,-9223372036854775808,9223372036854775807],"visits":[]}"#)
        #expect(try text([[Int64(3)], []]) == "[[3],[]]")
        struct Holder: Encodable { var values: [Int64]?; var name = "x" }
        #expect(try text(Holder(values: [0])) == #"{"name":"x","values":[0]}"#)
        #expect(try text(Holder(values: nil)) == #"{"name":"x"}"#)
        // What the writer produces is what JSONSerialization reads back.
        let parsed = try JSONSerialization.jsonObject(with: Data(try JSONWriter.encode(months))) as? [String: [Int]]
        #expect(parsed?["revenue"]?.prefix(3) == [1, -2, 9_007_199_254_740_991])
    }
}
