import Foundation
import ParleyTestSupport
import Postgres
import Testing

/// A transaction sends `BEGIN` and its settings with its first statement and, through `queryAndCommit`, its
/// `COMMIT` with its last, and never passes for committed when it was not.
@Suite("transactions")
struct TransactionTests {
    struct Refused: Error {}

    /// Runs `body` twice on a one-connection pool and returns the second result and the round trips it took
    /// (the first run prepares the statements).
    private func counting<T: Sendable>(
        _ pool: PostgresPool, org: UUID? = nil, _ body: @escaping @Sendable (PostgresTransaction) throws -> T
    ) async throws -> (T, Int) {
        _ = try await pool.transaction(org: org, body)
        let before = try await pool.withConnection { $0.roundTrips }
        let value = try await pool.transaction(org: org, body)
        return (value, try await pool.withConnection { $0.roundTrips } - before)
    }

    private func withTable(_ body: (PostgresPool, String) async throws -> Void) async throws {
        let pool = PostgresPool(conninfo: TestDatabase.conninfo, size: 1)
        let table = "tx_\(UUID().uuidString.prefix(8).lowercased())"
        try await pool.transaction(org: nil) { tx in try tx.query(SQL(unsafeSQL: "CREATE TABLE \(table) (value int)")) }
        do {
            try await body(pool, table)
        } catch {
            _ = try? await pool.transaction(org: nil) { tx in try tx.query(SQL(unsafeSQL: "DROP TABLE \(table)")) }
            try? await pool.close()
            throw error
        }
        try await pool.transaction(org: nil) { tx in try tx.query(SQL(unsafeSQL: "DROP TABLE \(table)")) }
        try await pool.close()
    }

    private func values(_ pool: PostgresPool, _ table: String) async throws -> [Int] {
        try await pool.transaction(org: nil) { tx in
            try tx.query(SQL(unsafeSQL: "SELECT value FROM \(table) ORDER BY value")).map { try $0.decode(Int.self) }
        }
    }

    @Test("a one-statement transaction is one round trip, settings included; two statements are two; none is none")
    func roundTrips() async throws {
        let pool = PostgresPool(conninfo: TestDatabase.conninfo, size: 1)
        let org = UUID()
        let read: @Sendable (PostgresTransaction) throws -> String = { tx in
            try tx.queryAndCommit("SELECT current_setting('app.org_id', true)")[0].decode(String.self)
        }
        let (setting, one) = try await counting(pool, org: org, read)
        #expect(setting == org.uuidString.lowercased())
        #expect(one == 1)
        let (_, two) = try await counting(pool, org: org) { tx in
            try tx.query("SELECT 1")
            return try tx.queryAndCommit("SELECT 2")[0].decode(Int.self)
        }
        #expect(two == 2)
        // Without queryAndCommit the COMMIT takes a round trip of its own.
        let (_, plain) = try await counting(pool, org: org) { tx in try tx.query("SELECT 1") }
        #expect(plain == 2)
        let (_, none) = try await counting(pool, org: org) { _ in 0 }
        #expect(none == 0)
        try await pool.close()
    }

    @Test("queryAndCommit commits with its statement; when the statement fails nothing commits")
    func queryAndCommit() async throws {
        try await withTable { pool, table in
            let inserted = try await pool.transaction(org: nil) { tx in
                try tx.query(SQL(unsafeSQL: "INSERT INTO \(table) VALUES (1)"))
                return try tx.queryAndCommit(SQL(unsafeSQL: "INSERT INTO \(table) VALUES (2) RETURNING value"))[0]
                    .decode(Int.self)
            }
            #expect(inserted == 2)
            await #expect(throws: PostgresError.self) {
                try await pool.transaction(org: nil) { tx in
                    try tx.query(SQL(unsafeSQL: "INSERT INTO \(table) VALUES (3)"))
                    try tx.queryAndCommit(SQL(unsafeSQL: "INSERT INTO \(table) VALUES (1/0)"))
                }
            }
            #expect(try await values(pool, table) == [1, 2])
            // Several last statements: one failing skips those after it, and the COMMIT.
            await #expect(throws: PostgresError.self) {
                try await pool.transaction(org: nil) { tx in
                    try tx.queryAndCommit([
                        SQL(unsafeSQL: "INSERT INTO \(table) VALUES (3)"), SQL(unsafeSQL: "INSERT INTO \(table) VALUES (1/0)"),
                        SQL(unsafeSQL: "INSERT INTO \(table) VALUES (3)"),
                    ])
                }
            }
            #expect(try await values(pool, table) == [1, 2])
            // A statement after the commit is a mistake the body hears about; the commit stands.
            await #expect(throws: PostgresError.self) {
                try await pool.transaction(org: nil) { tx in
                    try tx.queryAndCommit(SQL(unsafeSQL: "INSERT INTO \(table) VALUES (4)"))
                    try tx.query("SELECT 1")
                }
            }
            #expect(try await values(pool, table) == [1, 2, 4])
            #expect(pool.usage.idle == 1)
        }
    }

    @Test("inside a shared transaction queryAndCommit leaves the commit to the shared transaction")
    func joined() async throws {
        try await withTable { pool, table in
            await #expect(throws: Refused.self) {
                try await pool.withSharedTransaction(org: UUID()) {
                    try await pool.transaction(org: nil) { tx in
                        try tx.queryAndCommit(SQL(unsafeSQL: "INSERT INTO \(table) VALUES (5)"))
                    }
                    throw Refused()
                }
            }
            let remaining = try await values(pool, table)
            #expect(remaining.isEmpty)
        }
    }

    @Test("a body that swallowed a statement's error does not pass for committed")
    func swallowedError() async throws {
        try await withTable { pool, table in
            do {
                try await pool.transaction(org: nil) { tx in
                    try tx.query(SQL(unsafeSQL: "INSERT INTO \(table) VALUES (6)"))
                    _ = try? tx.query("SELECT 1/0")
                }
                Issue.record("a rolled-back transaction reported success")
            } catch let error as PostgresError {
                #expect(error.message.contains("rolled back"), "\(error.debugDescription)")
            }
            #expect(try await values(pool, table).isEmpty)
        }
    }

    @Test("setLocal travels with the next statement and lasts to the end of the transaction")
    func setLocal() async throws {
        let pool = PostgresPool(conninfo: TestDatabase.conninfo, size: 1)
        let (seen, trips) = try await counting(pool) { tx in
            try tx.query("SELECT 1")
            try tx.setLocal("app.plan_lookup", "abc")
            return try tx.queryAndCommit("SELECT current_setting('app.plan_lookup', true)")[0].decode(String.self)
        }
        #expect(seen == "abc")
        #expect(trips == 2)
        let after = try await pool.transaction(org: nil) { tx in
            try tx.query("SELECT coalesce(current_setting('app.plan_lookup', true), '')")[0].decode(String.self)
        }
        #expect(after == "")
        await #expect(throws: PostgresError.self) {
            try await pool.transaction(org: nil) { tx in try tx.setLocal("not a name; DROP", "x") }
        }
        try await pool.close()
    }

    @Test("notify after queryAndCommit is sent on its own and arrives")
    func notifyAfterCommit() async throws {
        let pool = PostgresPool(conninfo: TestDatabase.conninfo, size: 1)
        let listener = try PostgresConnection(conninfo: TestDatabase.conninfo)
        let channel = "tx_\(UUID().uuidString.prefix(8).lowercased())"
        try listener.execute(raw: "LISTEN \(channel)")
        try await pool.transaction(org: nil) { tx in
            try tx.queryAndCommit("SELECT 1")
            try tx.notify(channel: channel, payload: "after")
        }
        var received: [String] = []
        for _ in 0..<20 where received.isEmpty {
            received = try listener.notifications(timeout: 100).map(\.payload)
        }
        #expect(received == ["after"])
        try await pool.close()
    }
}
