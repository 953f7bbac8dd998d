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

    /// The command tag (`COMMIT`, `INSERT 0 1`, ...).
    var commandTag: String { String(cString: PQcmdStatus(result.pointer)) }

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

/// A type a whole column decodes to: a `PostgresDecodable` value (NULL refused), an optional of one (NULL is
/// nil), or an array of one (NULL is empty). What `PostgresRow.decode(_:)` takes a tuple of.
public protocol PostgresColumn: Sendable {
    /// Decodes the column, or throws naming it.
    static func decode(_ row: PostgresRow, column: Int, site: PostgresRow.CallSite) throws -> Self
}

extension PostgresDecodable {
    public static func decode(_ row: PostgresRow, column: Int, site: PostgresRow.CallSite) throws -> Self {
        guard let text = row.text(column) else { throw row.decodingError(column, Self.self, "is NULL", site) }
        guard let value = Self(postgresText: text) else {
            throw row.decodingError(column, Self.self, "is not valid", site)
        }
        return value
    }
}

extension Optional: PostgresColumn where Wrapped: PostgresDecodable {
    public static func decode(_ row: PostgresRow, column: Int, site: PostgresRow.CallSite) throws -> Self {
        guard let text = row.text(column) else { return nil }
        guard let value = Wrapped(postgresText: text) else {
            throw row.decodingError(column, Wrapped.self, "is not valid", site)
        }
        return value
    }
}

extension Array: PostgresColumn where Element: PostgresDecodable {
    public static func decode(_ row: PostgresRow, column: Int, site: PostgresRow.CallSite) throws -> Self {
        guard let text = row.text(column) else { return [] }
        guard let value = [Element](postgresArrayText: text) else {
            throw row.decodingError(column, Self.self, "is not a valid array", site)
        }
        return value
    }
}

extension PostgresRow {
    /// Where a decode was asked for, so a failure points at the query that expected the type.
    public struct CallSite: Sendable, CustomStringConvertible {
        public let file: String
        public let line: Int
        public var description: String { "\(file):\(line)" }
    }

    /// Decodes the whole row as a tuple, the types stated once, in SELECT-list order:
    /// `let (id, name, parent) = try row.decode((UUID, String, UUID?).self)`.
    ///
    /// The row must have exactly as many columns as the tuple has types; a mismatch, a NULL where the type
    /// allows none, or text that is not a valid value throws an error naming the column, the type and the
    /// call site.
    public func decode<each Column: PostgresColumn>(
        _ types: (repeat each Column).Type, file: String = #fileID, line: Int = #line
    ) throws -> (repeat each Column) {
        let site = CallSite(file: file, line: line)
        var expected = 0
        for _ in repeat (each Column).self { expected += 1 }
        guard expected == rows.columnCount else {
            throw PostgresError(
                kind: .decoding,
                message: "\(site): the row has \(rows.columnCount) columns, the tuple \(expected) types")
        }
        var column = 0
        func next<C: PostgresColumn>(_ type: C.Type) throws -> C {
            defer { column += 1 }
            return try C.decode(self, column: column, site: site)
        }
        return (repeat try next((each Column).self))
    }

    /// Decodes the columns from `first` on as a tuple, for rows that join a record's columns with others
    /// (a record's own `init(row:)` reads its leading columns this way); the columns must exist.
    public func decode<each Column: PostgresColumn>(
        _ types: (repeat each Column).Type, at first: Int, file: String = #fileID, line: Int = #line
    ) throws -> (repeat each Column) {
        let site = CallSite(file: file, line: line)
        var expected = 0
        for _ in repeat (each Column).self { expected += 1 }
        guard first >= 0, first + expected <= rows.columnCount else {
            throw PostgresError(
                kind: .decoding,
                message: "\(site): the row has \(rows.columnCount) columns, the tuple reads \(first)..<\(first + expected)")
        }
        var column = first
        func next<C: PostgresColumn>(_ type: C.Type) throws -> C {
            defer { column += 1 }
            return try C.decode(self, column: column, site: site)
        }
        return (repeat try next((each Column).self))
    }

    /// The column's name as the query spelled it (`PQfname`).
    public func columnName(_ column: Int) -> String {
        guard let name = PQfname(rows.result.pointer, Int32(column)) else { return "#\(column)" }
        return String(cString: name)
    }

    func decodingError(_ column: Int, _ type: Any.Type, _ problem: String, _ site: CallSite) -> PostgresError {
        PostgresError(
            kind: .decoding, message: "\(site): column \(columnName(column)) (#\(column)) \(problem) for \(type)")
    }
}
