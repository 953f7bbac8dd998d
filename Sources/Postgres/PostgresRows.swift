import CLibPQ

/// Owns one `PGresult` and frees it exactly once.
final class PostgresResult: @unchecked Sendable {
    // A PGresult is immutable once returned and may move between threads; only `deinit` frees it.
    let pointer: OpaquePointer

    init(_ pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        PQclear(pointer)
    }
}

/// The rows a query returned, in PostgreSQL text format.
public struct PostgresRows: Sendable, RandomAccessCollection {
    let result: PostgresResult
    /// Number of rows.
    public let count: Int
    /// Number of columns.
    public let columnCount: Int
    /// Rows affected by INSERT/UPDATE/DELETE (from `PQcmdTuples`).
    public let affectedRows: Int

    init(result: PostgresResult) {
        self.result = result
        self.count = Int(PQntuples(result.pointer))
        self.columnCount = Int(PQnfields(result.pointer))
        self.affectedRows = Int(String(cString: PQcmdTuples(result.pointer))) ?? 0
    }

    /// The first row index.
    public var startIndex: Int { 0 }
    /// One past the last row index.
    public var endIndex: Int { count }

    /// The row at `index`.
    public subscript(index: Int) -> PostgresRow {
        PostgresRow(rows: self, index: Int32(index))
    }

    /// The index of the named column, if present.
    public func column(named name: String) -> Int? {
        let index = Int(PQfnumber(result.pointer, name))
        return index >= 0 ? index : nil
    }
}

/// One row of a result. Columns are read by position, in the order of the SELECT list.
public struct PostgresRow: Sendable {
    let rows: PostgresRows
    let index: Int32

    /// Whether the column is NULL.
    public func isNull(_ column: Int) -> Bool {
        PQgetisnull(rows.result.pointer, index, Int32(column)) == 1
    }

    /// The raw text of a column, or `nil` for NULL.
    public func text(_ column: Int) -> Substring? {
        guard !isNull(column), let value = PQgetvalue(rows.result.pointer, index, Int32(column)) else { return nil }
        let length = Int(PQgetlength(rows.result.pointer, index, Int32(column)))
        return value.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)[...]
        }
    }

    /// Decodes a non-NULL column.
    public func decode<T: PostgresDecodable>(_ column: Int, as type: T.Type = T.self) throws -> T {
        guard let text = text(column) else {
            throw PostgresError(kind: .decoding, message: "column \(column) is NULL, expected \(T.self)")
        }
        guard let value = T(postgresText: text) else {
            throw PostgresError(kind: .decoding, message: "column \(column) is not a valid \(T.self)")
        }
        return value
    }

    /// Decodes a column that may be NULL.
    public func decode<T: PostgresDecodable>(_ column: Int, as type: T?.Type = T?.self) throws -> T? {
        guard let text = text(column) else { return nil }
        guard let value = T(postgresText: text) else {
            throw PostgresError(kind: .decoding, message: "column \(column) is not a valid \(T.self)")
        }
        return value
    }

    /// Decodes a one-dimensional array column (`NULL` decodes as empty).
    public func decodeArray<T: PostgresDecodable>(_ column: Int, of type: T.Type = T.self) throws -> [T] {
        guard let text = text(column) else { return [] }
        guard let value = [T](postgresArrayText: text) else {
            throw PostgresError(kind: .decoding, message: "column \(column) is not a valid array of \(T.self)")
        }
        return value
    }
}
