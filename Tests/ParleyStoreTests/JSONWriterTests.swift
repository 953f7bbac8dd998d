import Foundation
import ParleyStore
import Postgres
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

@Suite("UUID and timestamp text")
struct CanonicalTextTests {
    @Test("UUIDs are written lower case and parsed in either case, exactly as Foundation does, and nothing else is accepted")
    func uuids() throws {
        for _ in 0..<200 {
            let id = UUID()
            #expect(id.lowercasedText == id.uuidString.lowercased())
            #expect(UUID(canonical: id.uuidString.utf8) == id)
            #expect(UUID(canonical: id.lowercasedText.utf8) == id)
            #expect(String(decoding: try JSONWriter.encode([id]), as: UTF8.self) == "[\"\(id.lowercasedText)\"]")
        }
        let text = "07a0f21b-6def-46d3-8f3c-f3654536e9d5"
        for bad in ["", " " + text, text + "0", "{\(text)}", text.replacingOccurrences(of: "-", with: ""),
                    "07a0f21b-6def-46d3-8f3c-f3654536e9dg", "07a0f21b+6def-46d3-8f3c-f3654536e9d5", "+7a0f21b-6def-46d3-8f3c-f3654536e9d5"] {
            #expect(UUID(canonical: bad.utf8) == nil, "\(bad)")
        }
    }

    @Test("dates since 1970 are written to the second as ISO8601FormatStyle writes them, fractions dropped")
    func dates() throws {
        var generator = SystemRandomNumberGenerator()
        let samples: [Double] = [0, 0.999, 951_782_400, 1_767_225_599.999_999, 4_102_444_800]
            + (0..<500).map { _ in Double.random(in: 0...4_000_000_000, using: &generator) }
        for seconds in samples {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(PostgresTimestamp.secondsText(date) == date.formatted(Date.ISO8601FormatStyle()), "\(seconds)")
        }
    }
}
