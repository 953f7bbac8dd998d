import Foundation
import NIOConcurrencyHelpers
import ParleyTestSupport
import Postgres
import Testing

/// Group commit: members that run at once share a transaction; each is undone alone when it fails; a lone member
/// costs what a transaction costs; a broken connection fails only the members whose work it took.
@Suite("group commit")
struct GroupCommitTests {
    struct Refused: Error {}

    /// A table `rows` (value unique, with the transaction that wrote it) and `log` (what `finish` records), and a
    /// group commit whose records are values appended to `log` in the statement that carries the COMMIT.
    private struct Tables: Sendable {
        let pool: PostgresPool
        let rows: String
        let log: String
        let group: GroupCommit<Int, Int>

        init(poolSize: Int = 4, maximumMembers: Int = 32) async throws {
            let pool = PostgresPool(conninfo: TestDatabase.conninfo, size: poolSize)
            let suffix = UUID().uuidString.prefix(8).lowercased()
            let (rows, log) = ("gc_rows_\(suffix)", "gc_log_\(suffix)")
            try await pool.transaction(org: nil) { tx in
                try tx.query(SQL(unsafeSQL: "CREATE TABLE \(rows) (value int UNIQUE, xid bigint DEFAULT txid_current())"))
                try tx.query(SQL(unsafeSQL: "CREATE TABLE \(log) (value int)"))
            }
            self.pool = pool
            self.rows = rows
            self.log = log
            self.group = Self.group(pool: pool, log: log, maximumMembers: maximumMembers)
        }

        /// A group commit over `pool` that records into `log`: each instance of the server has its own.
        static func group(pool: PostgresPool, log: String, maximumMembers: Int = 32) -> GroupCommit<Int, Int> {
            GroupCommit(pool: pool, maximumMembers: maximumMembers) { tx, _, _, records, writes in
                let rows = try tx.queryAndCommit(
                    writes + [SQL(unsafeSQL: "INSERT INTO \(log) SELECT unnest($1::int[])", binds: [Self.array(records)])])
                return Array(rows.dropLast())
            }
        }

        /// A member of `group` that locks the row of `lock` and inserts `value`; `hold` runs after the lock.
        func lockThenInsert(
            _ value: Int, lock: Int, org: UUID, group: GroupCommit<Int, Int>, hold: (@Sendable () -> Void)? = nil
        ) async throws -> Int {
            try await group.transaction(org: org, key: 1) { [rows] tx in
                try tx.query(SQL(unsafeSQL: "SELECT value FROM \(rows) WHERE value = $1 FOR UPDATE", binds: ["\(lock)"]))
                hold?()
                return GroupedWrite(
                    statements: [SQL(unsafeSQL: "INSERT INTO \(rows) (value) VALUES ($1) RETURNING value", binds: ["\(value)"])],
                    record: value, result: { try $0[0].first!.decode(Int.self) })
            }
        }

        static func array(_ values: [Int]) -> String { "{" + values.map(String.init).joined(separator: ",") + "}" }

        /// Inserts `value` into `rows` as the member's last write, after `before` (its reads), recording `value`;
        /// `hold` runs first, on the leader's thread.
        func insert(_ value: Int, org: UUID, before: SQL? = nil, hold: (@Sendable () -> Void)? = nil) async throws -> Int {
            try await group.transaction(org: org, key: 1) { [rows] tx in
                hold?()
                if let before { try tx.query(before) }
                return GroupedWrite(
                    statements: [SQL(unsafeSQL: "INSERT INTO \(rows) (value) VALUES ($1) RETURNING value", binds: ["\(value)"])],
                    record: value, result: { try $0[0].first!.decode(Int.self) })
            }
        }

        func values(_ table: String) async throws -> [Int] {
            try await pool.transaction(org: nil) { tx in
                try tx.query(SQL(unsafeSQL: "SELECT value FROM \(table) ORDER BY value")).map { try $0.decode(Int.self) }
            }
        }

        /// How many rows each transaction wrote.
        func transactionSizes() async throws -> [Int] {
            try await pool.transaction(org: nil) { [rows] tx in
                try tx.query(SQL(unsafeSQL: "SELECT count(*)::int FROM \(rows) GROUP BY xid")).map { try $0.decode(Int.self) }
            }
        }

        func drop() async throws {
            try await pool.transaction(org: nil) { tx in try tx.query(SQL(unsafeSQL: "DROP TABLE \(rows), \(log)")) }
            try await pool.close()
        }
    }

    /// Runs `count` members at once. The first leads: once its body runs (on the leader's thread), the others start,
    /// and it holds the group open until they all have started, and a moment more, so that they queue behind it.
    /// Returns each member's result.
    private func race(
        _ tables: Tables, count: Int, org: UUID = UUID(), member: @escaping @Sendable (Int) async throws -> Int
    ) async throws -> [Result<Int, any Error>] {
        let started = NIOLockedValueBox(0)
        let leading = NIOLockedValueBox(false)
        let hold: @Sendable () -> Void = {
            leading.withLockedValue { $0 = true }
            while started.withLockedValue({ $0 }) < count - 1 { usleep(1_000) }
            usleep(200_000)
        }
        return try await withThrowingTaskGroup(of: (Int, Result<Int, any Error>).self) { group in
            group.addTask { (0, await Self.outcome { try await tables.insert(0, org: org, before: "SELECT 1", hold: hold) }) }
            while !leading.withLockedValue({ $0 }) { try await Task.sleep(for: .milliseconds(1)) }
            for index in 1..<count {
                group.addTask {
                    started.withLockedValue { $0 += 1 }
                    return (index, await Self.outcome { try await member(index) })
                }
            }
            var results = [Result<Int, any Error>?](repeating: nil, count: count)
            for try await (index, result) in group { results[index] = result }
            return results.map { $0! }
        }
    }

    private static func outcome(_ body: () async throws -> Int) async -> Result<Int, any Error> {
        do { return .success(try await body()) } catch { return .failure(error) }
    }

    @Test("members that run at once share transactions, each gets its own result, and all are committed with their records")
    func shared() async throws {
        let tables = try await Tables()
        let org = UUID()
        let results = try await race(tables, count: 40, org: org) { try await tables.insert($0, org: org) }
        #expect(try results.map { try $0.get() } == Array(0..<40))
        #expect(try await tables.values(tables.rows) == Array(0..<40))
        #expect(try await tables.values(tables.log) == Array(0..<40))
        let sizes = try await tables.transactionSizes()
        #expect(sizes.reduce(0, +) == 40)
        #expect(sizes.max()! > 1, "some members shared a transaction: \(sizes)")
        try await tables.drop()
    }

    @Test("a member that fails, in its reads, its writes or in Swift, is undone alone and gets its own error")
    func failingMembers() async throws {
        let tables = try await Tables()
        let org = UUID()
        let results = try await race(tables, count: 24, org: org) { index in
            switch index % 4 {
            case 1: return try await tables.insert(0, org: org)  // Duplicate: its write fails in PostgreSQL.
            case 2: return try await tables.insert(index, org: org, before: "SELECT 1/0")  // Its read fails.
            case 3:
                return try await tables.group.transaction(org: org, key: 1) { tx -> GroupedWrite<Int, Int> in
                    try tx.query("SELECT 1")
                    throw Refused()  // After a statement was sent.
                }
            default: return try await tables.insert(index, org: org)
            }
        }
        let stored = [0] + (1..<24).filter { $0 % 4 == 0 }
        for (index, result) in results.enumerated() {
            if stored.contains(index) {
                #expect((try? result.get()) == index)
            } else {
                #expect(throws: (any Error).self, "member \(index)") { try result.get() }
            }
        }
        #expect(try await tables.values(tables.rows) == stored)
        #expect(try await tables.values(tables.log) == stored)
        try await tables.drop()
    }

    @Test("a member alone makes the round trips of a transaction: its read, then its writes with the record and COMMIT")
    func alone() async throws {
        let tables = try await Tables(poolSize: 1)
        let org = UUID()
        _ = try await tables.insert(1, org: org, before: "SELECT 1")  // Prepares the statements.
        let before = try await tables.pool.withConnection { $0.roundTrips }
        #expect(try await tables.insert(2, org: org, before: "SELECT 1") == 2)
        #expect(try await tables.pool.withConnection { $0.roundTrips } - before == 2)
        #expect(try await tables.values(tables.log) == [1, 2])
        try await tables.drop()
    }

    @Test("no transaction takes more than maximumMembers members; those beyond start the next group")
    func maximum() async throws {
        let tables = try await Tables(maximumMembers: 3)
        let org = UUID()
        let results = try await race(tables, count: 20, org: org) { try await tables.insert($0, org: org) }
        #expect(try results.map { try $0.get() } == Array(0..<20))
        let sizes = try await tables.transactionSizes()
        #expect(sizes.reduce(0, +) == 20)
        #expect(sizes.allSatisfy { $0 <= 3 }, "\(sizes)")
        #expect(try await tables.values(tables.log) == Array(0..<20))
        try await tables.drop()
    }

    @Test("a connection that dies mid-group fails the members whose work it held; the members after it commit")
    func killedConnection() async throws {
        let tables = try await Tables()
        let org = UUID()
        let killed = NIOLockedValueBox(false)
        let results = try await race(tables, count: 12, org: org) { index in
            // The first member to run after the sleeper ends its own backend, once.
            let kill = killed.withLockedValue { done -> Bool in
                defer { done = true }
                return !done
            }
            return try await tables.insert(index, org: org, before: kill ? "SELECT pg_terminate_backend(pg_backend_pid())" : nil)
        }
        let failed = results.indices.filter { (try? results[$0].get()) == nil }
        let stored = try await tables.values(tables.rows)
        // The sleeper's write was in the dead transaction; so was the killer's; everyone else committed, and every
        // value is either stored (and recorded) with its member told so, or neither.
        #expect(failed.contains(0))
        #expect(failed.count >= 2)
        #expect(!stored.isEmpty, "the members after the killer committed on a new connection")
        #expect(stored == results.indices.filter { !failed.contains($0) })
        #expect(try await tables.values(tables.log) == stored)
        try await tables.drop()
    }

    @Test("two groups that lock the same rows in opposite orders neither deadlock nor fail: the member that would wait is postponed")
    func crossedLocks() async throws {
        let tables = try await Tables()
        let org = UUID()
        _ = try await tables.insert(1, org: org)
        _ = try await tables.insert(2, org: org)
        // Two instances of the server, each with its own groups on the same plan.
        let other = Tables.group(pool: tables.pool, log: tables.log)
        let queued = NIOLockedValueBox(0)
        let locked = NIOLockedValueBox(0)
        // Each group's first member locks its row, then holds its group open until the other's first member holds
        // the other row and both second members have queued; then each second member wants the other group's row.
        let hold: @Sendable () -> Void = {
            locked.withLockedValue { $0 += 1 }
            while locked.withLockedValue({ $0 }) < 2 || queued.withLockedValue({ $0 }) < 2 { usleep(1_000) }
            usleep(200_000)
        }
        async let first = tables.lockThenInsert(10, lock: 1, org: org, group: tables.group, hold: hold)
        async let second = tables.lockThenInsert(20, lock: 2, org: org, group: other, hold: hold)
        while locked.withLockedValue({ $0 }) < 2 { try await Task.sleep(for: .milliseconds(1)) }
        async let crossing = { () async throws -> Int in
            queued.withLockedValue { $0 += 1 }
            return try await tables.lockThenInsert(11, lock: 2, org: org, group: tables.group)
        }()
        async let crossingBack = { () async throws -> Int in
            queued.withLockedValue { $0 += 1 }
            return try await tables.lockThenInsert(21, lock: 1, org: org, group: other)
        }()
        #expect(try await [first, second, crossing, crossingBack] == [10, 20, 11, 21])
        #expect(try await tables.values(tables.rows) == [1, 2, 10, 11, 20, 21])
        #expect(try await tables.values(tables.log) == [1, 2, 10, 11, 20, 21])
        try await tables.drop()
    }

    @Test("inside a shared transaction a member joins it, and goes with its rollback")
    func insideShared() async throws {
        let tables = try await Tables()
        let org = UUID()
        await #expect(throws: Refused.self) {
            try await tables.pool.withSharedTransaction(org: org) {
                _ = try await tables.insert(7, org: org)
                throw Refused()
            }
        }
        try await tables.pool.withSharedTransaction(org: org) { _ = try await tables.insert(8, org: org) }
        #expect(try await tables.values(tables.rows) == [8])
        #expect(try await tables.values(tables.log) == [8])
        try await tables.drop()
    }
}
