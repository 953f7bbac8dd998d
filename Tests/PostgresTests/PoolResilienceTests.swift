import Foundation
import ParleyTestSupport
import Postgres
import Testing

/// The pool keeps what is healthy, replaces what broke without failing a request, and joins shared
/// transactions atomically.
@Suite("pool resilience")
struct PoolResilienceTests {
    struct Refused: Error {}

    private func pool(size: Int = 1) -> PostgresPool {
        PostgresPool(conninfo: TestDatabase.conninfo, size: size)
    }

    @Test("a transaction whose body threw leaves its healthy connection in the pool")
    func keepsHealthyConnectionAfterError() async throws {
        let pool = pool()
        let before = try await pool.withConnection { $0.backendPID }
        for _ in 0..<3 {
            await #expect(throws: Refused.self) {
                try await pool.transaction(org: nil) { tx in
                    try tx.query("SELECT 1")
                    throw Refused()
                }
            }
        }
        await #expect(throws: PostgresError.self) {
            try await pool.transaction(org: nil) { tx in try tx.query("SELECT 1/0") }
        }
        #expect(try await pool.withConnection { $0.backendPID } == before)
        #expect(pool.usage.idle == 1)
        try await pool.close()
    }

    @Test("idle connections the server closed are replaced without failing the next transactions")
    func retriesTransactionsOnStaleConnections() async throws {
        let pool = pool(size: 4)
        // Open four connections and leave them idle.
        let pids = try await withThrowingTaskGroup(of: Int32.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    try await pool.transaction(org: nil) { tx in
                        try tx.query("SELECT pg_sleep(0.2)")
                        return tx.connection.backendPID
                    }
                }
            }
            return try await group.reduce(into: Set<Int32>()) { $0.insert($1) }
        }
        #expect(pids.count == 4)
        // What a server restart does to them, seen from the client.
        let killer = PostgresPool(conninfo: TestDatabase.conninfo, size: 1)
        try await killer.transaction(org: nil) { tx in
            for pid in pids { try tx.query("SELECT pg_terminate_backend(\(Int(pid))::int)") }
        }
        try await killer.close()
        try await Task.sleep(for: .milliseconds(100))
        for _ in 0..<8 {
            let value = try await pool.transaction(org: nil) { tx in try tx.query("SELECT 7")[0].decode(0, as: Int.self) }
            #expect(value == 7)
        }
        let fresh = try await pool.withConnection { $0.backendPID }
        #expect(!pids.contains(fresh))
        try await pool.close()
    }

    @Test("a transaction that commits in its only round trip never meets a connection the server closed")
    func checksIdleConnectionsBeforeUse() async throws {
        // Such a transaction cannot be retried once sent (its COMMIT may have run), so the pool must notice the
        // closed connection before handing it out.
        let pool = pool(size: 4)
        let pids = try await withThrowingTaskGroup(of: Int32.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    try await pool.transaction(org: nil) { tx in
                        try tx.query("SELECT pg_sleep(0.2)")
                        return tx.connection.backendPID
                    }
                }
            }
            return try await group.reduce(into: Set<Int32>()) { $0.insert($1) }
        }
        let killer = PostgresPool(conninfo: TestDatabase.conninfo, size: 1)
        try await killer.transaction(org: nil) { tx in
            for pid in pids { try tx.query("SELECT pg_terminate_backend(\(Int(pid))::int)") }
        }
        try await killer.close()
        try await Task.sleep(for: .milliseconds(100))
        let values = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    try await pool.transaction(org: UUID()) { tx in
                        try tx.queryAndCommit("SELECT 7, pg_sleep(0.1)")[0].decode(0, as: Int.self)
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(values == [7, 7, 7, 7])
        try await pool.close()
    }

    @Test("an unreachable database fails fast with an error that says unavailable")
    func unreachableDatabase() async throws {
        let pool = PostgresPool(conninfo: "host=127.0.0.1 port=1 dbname=nothing user=nobody", size: 1)
        let started = ContinuousClock.now
        do {
            try await pool.transaction(org: nil) { tx in try tx.query("SELECT 1") }
            Issue.record("a transaction on an unreachable database succeeded")
        } catch let error as PostgresError {
            #expect(error.isUnavailable)
        }
        #expect(ContinuousClock.now - started < .seconds(10))
        try await pool.close()
    }

    @Test("a connection string without a connect timeout gets one; an explicit one is kept")
    func connectTimeout() {
        #expect(PostgresPool.withConnectTimeout("", environment: [:]) == "connect_timeout=5")
        #expect(PostgresPool.withConnectTimeout("host=x", environment: [:]) == "host=x connect_timeout=5")
        #expect(PostgresPool.withConnectTimeout("postgresql://u@h/db", environment: [:]) == "postgresql://u@h/db?connect_timeout=5")
        #expect(PostgresPool.withConnectTimeout("postgresql://u@h/db?sslmode=disable", environment: [:])
            == "postgresql://u@h/db?sslmode=disable&connect_timeout=5")
        #expect(PostgresPool.withConnectTimeout("host=x connect_timeout=1", environment: [:]) == "host=x connect_timeout=1")
        #expect(PostgresPool.withConnectTimeout("host=x", environment: ["PGCONNECT_TIMEOUT": "2"]) == "host=x")
    }

    @Test("joined transactions commit together, a throwing one is undone alone, a failed whole leaves nothing")
    func sharedTransaction() async throws {
        let pool = pool(size: 2)
        let table = "shared_\(UUID().uuidString.prefix(8).lowercased())"
        try await pool.transaction(org: nil) { tx in
            try tx.query(SQL(unsafeSQL: "CREATE TABLE \(table) (value int)"))
        }
        let org = UUID()
        try await pool.withSharedTransaction(org: org) {
            try await pool.transaction(org: nil) { tx in try tx.query(SQL(unsafeSQL: "INSERT INTO \(table) VALUES (1)")) }
            await #expect(throws: Refused.self) {
                try await pool.transaction(org: org) { tx in
                    try tx.query(SQL(unsafeSQL: "INSERT INTO \(table) VALUES (2)"))
                    throw Refused()
                }
            }
            // Not visible outside before the commit (a detached task does not inherit the shared transaction).
            let outside = try await Task.detached {
                try await pool.transaction(org: nil) { tx in
                    try tx.query(SQL(unsafeSQL: "SELECT count(*)::int FROM \(table)"))[0].decode(0, as: Int.self)
                }
            }.value
            #expect(outside == 0)
            try await pool.transaction(org: nil) { tx in try tx.query(SQL(unsafeSQL: "INSERT INTO \(table) VALUES (3)")) }
        }
        await #expect(throws: Refused.self) {
            try await pool.withSharedTransaction(org: org) {
                try await pool.transaction(org: nil) { tx in try tx.query(SQL(unsafeSQL: "INSERT INTO \(table) VALUES (4)")) }
                throw Refused()
            }
        }
        let values = try await pool.transaction(org: nil) { tx in
            try tx.query(SQL(unsafeSQL: "SELECT value FROM \(table) ORDER BY value")).map { try $0.decode(0, as: Int.self) }
        }
        #expect(values == [1, 3])
        // The shared transaction's own organization setting applies inside it.
        let seen = try await pool.withSharedTransaction(org: org) {
            try await pool.transaction(org: nil) { tx in
                try tx.query("SELECT current_setting('app.org_id', true)")[0].decode(0, as: String.self)
            }
        }
        #expect(seen == org.uuidString.lowercased())
        try await pool.transaction(org: nil) { tx in try tx.query(SQL(unsafeSQL: "DROP TABLE \(table)")) }
        try await pool.close()
    }
}

@Suite("pipeline mode")
struct PipelineTests {
    @Test("statements in one round trip return their rows in order; a failure is thrown and the connection stays usable")
    func pipeline() async throws {
        let pool = PostgresPool(conninfo: TestDatabase.conninfo, size: 1)
        let values = try await pool.withConnection { connection in
            try connection.pipeline(["SELECT \(1)::int", "SELECT \("two")::text", "SELECT \(3)::int"])
        }
        #expect(try values[0][0].decode(0, as: Int.self) == 1)
        #expect(try values[1][0].decode(0, as: String.self) == "two")
        #expect(try values[2][0].decode(0, as: Int.self) == 3)
        let failed = try await pool.withConnection { connection -> String? in
            do {
                try connection.pipeline(["SELECT 1", "SELECT 1/0", "SELECT 2"])
                return nil
            } catch let error as PostgresError {
                return error.sqlState
            }
        }
        #expect(failed == "22012")
        let after = try await pool.transaction(org: UUID()) { tx in try tx.query("SELECT 5")[0].decode(0, as: Int.self) }
        #expect(after == 5)
        try await pool.close()
    }
}
