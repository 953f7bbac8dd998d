import Foundation
import ParleyTestSupport
import Postgres
import Testing

@Suite("libpq client")
struct PostgresClientTests {
    @Test("every supported type round-trips, NULL included")
    func roundTrip() async throws {
        let pool = try await TestDatabase.pool()
        let id = UUID()
        let bytes = Data([0, 1, 0, 255, 0x5c, 0x78])
        let text = "héllo 🎉 \"quoted\" \\ back, 'single'\n{braces}"
        let date = Date(timeIntervalSince1970: 1_790_000_000.123456)
        let row = try await pool.transaction(org: nil) { tx in
            try tx.query(
                """
                SELECT \(id)::uuid, \(Int64.max)::bigint, \(Int64.min)::bigint, \(true)::boolean, \(text)::text,
                       \(date)::timestamptz, \(bytes)::bytea, \(nil as String?)::text, \(42)::int, \(false)::boolean
                """)[0]
        }
        #expect(try row.decode(0, as: UUID.self) == id)
        #expect(try row.decode(1, as: Int64.self) == Int64.max)
        #expect(try row.decode(2, as: Int64.self) == Int64.min)
        #expect(try row.decode(3, as: Bool.self) == true)
        #expect(try row.decode(4, as: String.self) == text)
        let decodedDate = try row.decode(5, as: Date.self)
        #expect(abs(decodedDate.timeIntervalSince(date)) < 0.000_001)
        #expect(try row.decode(6, as: Data.self) == bytes)
        #expect(try row.decode(7, as: String?.self) == nil)
        #expect(row.isNull(7))
        #expect(try row.decode(8, as: Int.self) == 42)
        #expect(try row.decode(9, as: Bool.self) == false)
    }

    @Test("a row decodes as a typed tuple; a wrong column count, a NULL or bad text names the column and call site")
    func typedRows() async throws {
        let pool = try await TestDatabase.pool()
        let id = UUID()
        let rows = try await pool.transaction(org: nil) { tx in
            try tx.query(
                "SELECT \(id)::uuid AS id, 'x'::text AS name, NULL::bigint AS amount, ARRAY[\(id)]::uuid[] AS ids")
        }
        let (decodedID, name, amount, ids) = try rows[0].decode((UUID, String, Int64?, [UUID]).self)
        #expect(decodedID == id)
        #expect(name == "x")
        #expect(amount == nil)
        #expect(ids == [id])

        do {
            _ = try rows[0].decode((UUID, String).self)
            Issue.record("a short tuple decoded")
        } catch let error as PostgresError {
            #expect(error.kind == .decoding)
            #expect(error.message.contains("4 columns"), "\(error.debugDescription)")
        }
        do {
            _ = try rows[0].decode((UUID, String, Int64, [UUID]).self)
            Issue.record("NULL decoded as a non-optional")
        } catch let error as PostgresError {
            #expect(error.message.contains("column amount (#2) is NULL for Int64"), "\(error.debugDescription)")
            #expect(error.message.contains("PostgresClientTests.swift:"), "\(error.debugDescription)")
            #expect(!error.description.contains("amount"), "description stays free of details: \(error)")
        }
        do {
            _ = try rows[0].decode((UUID, Int64, Int64?, [UUID]).self)
            Issue.record("text decoded as a number")
        } catch let error as PostgresError {
            #expect(error.message.contains("column name (#1) is not valid for Int64"), "\(error.debugDescription)")
        }
    }

    @Test("an SQL fragment keeps its parameters, renumbered after the statement's own")
    func fragments() async throws {
        let pool = try await TestDatabase.pool()
        let condition: SQL = "x = \(2) OR x = \(3)"
        let columns: SQL = "x, x * 10"
        let statement: SQL = "SELECT \(columns) FROM generate_series(1, \(5)) x WHERE x > \(1) AND (\(condition)) ORDER BY x"
        #expect(statement.text == "SELECT x, x * 10 FROM generate_series(1, $1) x WHERE x > $2 AND (x = $3 OR x = $4) ORDER BY x")
        let rows = try await pool.transaction(org: nil) { tx in try tx.query(statement) }
        #expect(try rows.map { try $0.decode((Int, Int).self) }.map { [$0.0, $0.1] } == [[2, 20], [3, 30]])
    }

    @Test("arrays feed unnest in one statement, with NULL elements and awkward strings")
    func arrays() async throws {
        let pool = try await TestDatabase.pool()
        let ids = [UUID(), UUID(), UUID(), UUID(), UUID(), UUID()]
        let names: [String?] = ["plain", nil, "with \"quotes\", commas and 🎉", "back\\slash, \\\" and 中文", "NULL", ""]
        let values: [Int64] = [1, Int64.max, -7, 0, 2, 3]
        let rows = try await pool.transaction(org: nil) { tx in
            try tx.query(
                "SELECT * FROM unnest(\(ids)::uuid[], \(names)::text[], \(values)::bigint[]) AS t(id, name, value) ORDER BY value")
        }
        #expect(rows.count == 6)
        let byID = Dictionary(uniqueKeysWithValues: try rows.map { (try $0.decode(0, as: UUID.self), $0) })
        for (index, id) in ids.enumerated() {
            let row = try #require(byID[id])
            #expect(try row.decode(1, as: String?.self) == names[index])
            #expect(try row.decode(2, as: Int64.self) == values[index])
        }
        let array = try await pool.transaction(org: nil) { tx in
            try tx.query("SELECT \(["a", "b,c", "d\"e"])::text[]")[0].decodeArray(0, of: String.self)
        }
        #expect(array == ["a", "b,c", "d\"e"])
    }

    @Test("a unique violation surfaces SQLSTATE 23505 and the constraint, and its description leaks no values")
    func sqlState() async throws {
        let pool = try await TestDatabase.pool()
        let secret = "secret-\(UUID())"
        let error = await #expect(throws: PostgresError.self) {
            try await pool.transaction(org: nil) { tx in
                try tx.execute("CREATE TEMP TABLE t (v text CONSTRAINT t_v_unique UNIQUE)")
                try tx.execute("INSERT INTO t VALUES (\(secret))")
                try tx.execute("INSERT INTO t VALUES (\(secret))")
            }
        }
        #expect(error?.sqlState == "23505")
        #expect(error?.isUniqueViolation == true)
        #expect(error?.constraint == "t_v_unique")
        #expect(error?.declaredConstraint == "t_v_unique")
        #expect(error.map { !$0.description.contains(secret) } == true)
    }

    @Test("a Citus shard's constraint name maps back to the declared one")
    func declaredConstraint() {
        func declared(_ name: String?) -> String? {
            PostgresError(kind: .query, message: "", constraint: name).declaredConstraint
        }
        #expect(declared("users_email_check_102561") == "users_email_check")
        #expect(declared("users_email_check") == "users_email_check")
        #expect(declared("units_manager_id_fkey_7") == "units_manager_id_fkey")
        #expect(declared("check_") == "check_")
        #expect(declared("t_v_unique1") == "t_v_unique1")
        #expect(declared(nil) == nil)
        let relayed = PostgresError(
            kind: .query, sqlState: "23503",
            message: #"insert or update on table "units_102564" violates foreign key constraint "#
                + #""units_org_id_manager_id_fkey_102564""#)
        #expect(relayed.declaredConstraint == "units_org_id_manager_id_fkey")
    }

    @Test("a thrown error inside a transaction leaves nothing behind")
    func rollback() async throws {
        let pool = try await TestDatabase.pool()
        let table = "rollback_\(UUID().uuidString.prefix(8).lowercased())"
        try await pool.transaction(org: nil) { tx in
            try tx.execute(SQL(unsafeSQL: "CREATE TABLE \(table) (v int)"))
        }
        struct Boom: Error {}
        await #expect(throws: Boom.self) {
            try await pool.transaction(org: nil) { tx in
                try tx.execute(SQL(unsafeSQL: "INSERT INTO \(table) VALUES (1)"))
                throw Boom()
            }
        }
        let count = try await pool.transaction(org: nil) { tx in
            try tx.query(SQL(unsafeSQL: "SELECT count(*) FROM \(table)"))[0].decode(0, as: Int.self)
        }
        #expect(count == 0)
        try await pool.transaction(org: nil) { tx in try tx.execute(SQL(unsafeSQL: "DROP TABLE \(table)")) }
    }

    @Test("64 concurrent transactions on a pool of 4 all finish")
    func concurrency() async throws {
        let pool = PostgresPool(conninfo: TestDatabase.conninfo, size: 4)
        let sums = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<64 {
                group.addTask {
                    try await pool.transaction(org: nil) { tx in
                        try tx.execute("SELECT pg_sleep(0.005)")
                        return try tx.query("SELECT \(index)::int + 1")[0].decode(0, as: Int.self)
                    }
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(sums == (1...64).reduce(0, +))
        #expect(pool.usage.inUse == 0)
        #expect(pool.usage.idle <= 4)
        try await pool.close()
    }

    @Test("a terminated backend is replaced and the next call works")
    func reconnect() async throws {
        let pool = PostgresPool(conninfo: TestDatabase.conninfo, size: 1)
        let first = try await pool.withConnection { $0.backendPID }
        let admin = PostgresPool(conninfo: TestDatabase.conninfo, size: 1)
        _ = try await admin.transaction(org: nil) { tx in
            try tx.query("SELECT pg_terminate_backend(\(Int(first))::int)")
        }
        // The first use of the dead connection fails; the pool drops it.
        _ = try? await pool.transaction(org: nil) { tx in try tx.query("SELECT 1") }
        let value = try await pool.transaction(org: nil) { tx in try tx.query("SELECT 7")[0].decode(0, as: Int.self) }
        #expect(value == 7)
        #expect(try await pool.withConnection { $0.backendPID } != first)
        try await pool.close()
        try await admin.close()
    }

    @Test("a serialization failure is retried and the transaction finally commits")
    func retriesSerializationFailures() async throws {
        let pool = try await TestDatabase.pool()
        let attempts = Counter()
        let result = try await pool.transaction(org: nil) { tx in
            if attempts.increment() < 3 {
                try tx.execute("DO $$ BEGIN RAISE EXCEPTION 'conflict' USING ERRCODE = '40001'; END $$")
            }
            return "done"
        }
        #expect(result == "done")
        #expect(attempts.value == 3)
    }

    @Test("structural binds: interpolated text never becomes SQL")
    func injection() async throws {
        let pool = try await TestDatabase.pool()
        let hostile = "'; DROP TABLE schema_migrations; --"
        let echoed = try await pool.transaction(org: nil) { tx in
            try tx.query("SELECT \(hostile)::text")[0].decode(0, as: String.self)
        }
        #expect(echoed == hostile)
        let sql: SQL = "SELECT \(1) + \(2)"
        #expect(sql.text == "SELECT $1 + $2")
        #expect(sql.binds == ["1", "2"])
    }
}

/// A counter shared with a synchronous transaction body.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func increment() -> Int {
        lock.lock()
        defer { lock.unlock() }
        count += 1
        return count
    }

    var value: Int {
        lock.lock()
        defer { lock.unlock() }
        return count
    }
}

@Suite("libpq connection failures")
struct ConnectionFailureTests {
    @Test("a refused connection throws a connection error and frees libpq's handle exactly once")
    func refused() throws {
        for _ in 0..<20 {
            #expect(throws: PostgresError.self) {
                _ = try PostgresConnection(conninfo: "postgresql://nobody@127.0.0.1:1/none?connect_timeout=1")
            }
        }
    }

    @Test("LISTEN/NOTIFY: a listener hears a payload sent by another connection")
    func listens() async throws {
        let received = Counter()
        let listener = PostgresListener(conninfo: TestDatabase.conninfo, channel: "parley_test_channel", logger: .init(label: "t")) {
            if $0 == "hello" { _ = received.increment() }
        }
        for _ in 0..<100 where !listener.isListening { try await Task.sleep(for: .milliseconds(20)) }
        let pool = try await TestDatabase.pool()
        try await pool.transaction(org: nil) { tx in try tx.execute("SELECT pg_notify('parley_test_channel', 'hello')") }
        for _ in 0..<100 where received.value == 0 { try await Task.sleep(for: .milliseconds(20)) }
        #expect(received.value == 1)
        await listener.close()
        #expect(!listener.isListening)
    }
}
