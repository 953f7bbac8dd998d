import CSV
import Foundation

/// The records of an actuals upload (`user_email,metric,date,value`), read by CSV.swift, each with the
/// line of the file it starts on, so errors name lines as a spreadsheet user counts them (the header is
/// line 1). A quoted field may hold a line break (RFC 4180): its record then spans several lines, and the
/// next record's number says so.
enum ActualsCSV {
    static let header = ["user_email", "metric", "date", "value"]

    struct Record: Sendable {
        var line: Int
        var fields: [String]
    }

    /// The records after the header. A body that is not UTF-8 (a spreadsheet's legacy "CSV" is often GB18030 or
    /// another code page) or lacks the header is a `422` that says so.
    static func records(_ bytes: [UInt8]) throws -> [Record] {
        guard var text = String(validating: bytes, as: UTF8.self) else {
            throw Problem.invalid(
                "body", "must be UTF-8 text: save the file as \"CSV UTF-8\", or convert it, and upload it again")
        }
        // Spreadsheets often save CSV with a byte-order mark.
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let reader = try CSVReader(string: text)
        var records: [Record] = []
        var line = 1
        while let fields = reader.next() {
            records.append(Record(line: line, fields: fields))
            // Line breaks inside quoted fields (LF or CRLF) belong to this record.
            line += 1 + fields.reduce(0) { $0 + $1.utf8.count(where: { $0 == 0x0A }) }
        }
        if let error = reader.error {
            throw Problem.invalid("line \(line)", "is not valid CSV (\(error))")
        }
        // Trailing blank lines are no records.
        while let last = records.last, last.fields == [""] { records.removeLast() }
        guard let first = records.first, first.line == 1, first.fields == header else {
            throw Problem.invalid("line 1", "the header must be user_email,metric,date,value")
        }
        return Array(records.dropFirst())
    }
}
