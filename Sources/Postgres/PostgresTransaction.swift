import Foundation

/// A transaction in progress on one connection. Only valid inside the body that received it.
///
/// Round trips are what a request waits for, and what a lock is held across, so the transaction sends
/// nothing of its own until it must: `BEGIN` and the `SET LOCAL`s travel in one pipeline with the body's
/// first statement, and `queryAndCommit` sends the body's last statement together with `COMMIT`. A read of
/// one statement is then one round trip, and a write holds the lock its last statement takes only for the
/// commit itself, not for another turn of the network and of the client's thread.
public struct PostgresTransaction: Sendable {
    /// The connection the transaction runs on.
    public let connection: PostgresConnection
    private let progress: Progress

    /// What has been sent so far. Used from the one thread that runs the body.
    private final class Progress: @unchecked Sendable {
        /// Statements not sent yet (`BEGIN`, `SET LOCAL`s), each with whether it may be prepared.
        var pending: [(sql: SQL, prepared: Bool)]
        /// Set when `BEGIN` could not be sent: nothing ran, so the body may run again elsewhere.
        var notStarted: PostgresError?
        var committed = false
        /// Joined to a shared transaction, which commits on its own (see `SharedTransaction`).
        let joined: Bool

        init(pending: [(sql: SQL, prepared: Bool)], joined: Bool) {
            self.pending = pending
            self.joined = joined
        }
    }

    init(connection: PostgresConnection, pending: [(sql: SQL, prepared: Bool)], joined: Bool) {
        self.connection = connection
        self.progress = Progress(pending: pending, joined: joined)
    }

    /// Runs a statement and returns its rows.
    @discardableResult
    public func query(_ sql: SQL) throws -> PostgresRows {
        guard !progress.committed else {
            throw PostgresError(kind: .query, message: "a statement after the transaction committed")
        }
        if progress.pending.isEmpty { return try connection.query(sql) }
        return try send([(sql, true)])[0]
    }

    /// Runs several statements in one round trip (a libpq pipeline), in order, and returns their rows. They must
    /// not depend on each other's results (only on each other's effects); if one fails, the server skips the
    /// rest and its error is thrown.
    public func query(_ statements: [SQL]) throws -> [PostgresRows] {
        guard !progress.committed else {
            throw PostgresError(kind: .query, message: "a statement after the transaction committed")
        }
        return try send(statements.map { ($0, true) })
    }

    /// Runs a statement and returns how many rows it affected.
    @discardableResult
    public func execute(_ sql: SQL) throws -> Int {
        try query(sql).affectedRows
    }

    /// Runs `sql` as the transaction's last statement and commits, in one round trip, and returns its rows.
    ///
    /// If `sql` fails, the server skips the `COMMIT` and the error is thrown as from `query`. No statement may
    /// follow (it would throw), apart from `notify`. Inside a shared transaction this is `query`: the shared
    /// transaction commits when it ends.
    @discardableResult
    public func queryAndCommit(_ sql: SQL) throws -> PostgresRows {
        try queryAndCommit([sql])[0]
    }

    /// `queryAndCommit` for several last statements, sent in order in the same round trip; their rows. They must
    /// not depend on each other's results (only on each other's effects), and if one fails the rest are skipped.
    @discardableResult
    public func queryAndCommit(_ statements: [SQL]) throws -> [PostgresRows] {
        guard !progress.joined else { return try statements.map(query) }
        guard !progress.committed else {
            throw PostgresError(kind: .query, message: "a statement after the transaction committed")
        }
        let rows = try send(statements.map { ($0, true) } + [("COMMIT", true)])
        try Self.requireCommitted(rows[statements.count])
        progress.committed = true
        return Array(rows.prefix(statements.count))
    }

    /// Whether `queryAndCommit` committed the transaction.
    public var hasCommitted: Bool { progress.committed }

    /// The statements that wait for the next one (`BEGIN`, settings, a savepoint): none once anything was sent.
    var unsent: [(sql: SQL, prepared: Bool)] { progress.pending }

    /// Set when the connection failed before `BEGIN` got through: nothing of the transaction took effect.
    var failedBeforeBeginning: PostgresError? { progress.notStarted }

    /// `BEGIN` and `app.org_id`, unsent: the start of a transaction whose first statement carries them.
    static func beginning(org: UUID, on connection: PostgresConnection) throws -> [(sql: SQL, prepared: Bool)] {
        try prologue(org: org, settings: [:], on: connection)
    }

    /// Sends `NOTIFY channel, payload`: inside the transaction while it is open (delivered when it commits),
    /// on its own once `queryAndCommit` committed it.
    public func notify(channel: String, payload: String) throws {
        let sql: SQL = "SELECT pg_notify(\(channel), \(payload))"
        if progress.committed { _ = try connection.query(sql) } else { try query(sql) }
    }

    /// Sets a transaction-local setting (`SET LOCAL`), e.g. once a lookup has found the organization. It
    /// travels with the next statement.
    public func setLocal(_ name: String, _ value: String) throws {
        progress.pending.append((try Self.setLocal(name, value, on: connection), false))
    }

    /// The pending statements, then `statements`, in one round trip; the rows of `statements`.
    private func send(_ statements: [(sql: SQL, prepared: Bool)]) throws -> [PostgresRows] {
        let all = progress.pending + statements
        let beginning = progress.pending.first?.sql.text == "BEGIN"
        progress.pending.removeAll()
        let commits = statements.contains { $0.sql.text == "COMMIT" }
        do {
            let rows = try connection.pipeline(all.map(\.sql), prepared: { all[$0].prepared })
            return Array(rows.suffix(statements.count))
        } catch let error as PostgresError where beginning && !commits && error.isUnavailable {
            // Broken, or closed by the server (57P01 and the like arrive before libpq notices the socket), before
            // the transaction began: nothing took effect. (Once a COMMIT went with it, nobody knows.)
            progress.notStarted = error
            throw error
        }
    }

    /// Commits unless the body already did, or never ran a statement (then nothing was sent, not even `BEGIN`).
    fileprivate func finish() throws {
        guard !progress.committed, progress.pending.first?.sql.text != "BEGIN" else { return }
        try Self.requireCommitted(connection.query("COMMIT"))
        progress.committed = true
    }

    /// PostgreSQL answers the `COMMIT` of a transaction that an error aborted with `ROLLBACK` and no error: a
    /// body that swallowed a statement's error must not pass for committed.
    private static func requireCommitted(_ rows: PostgresRows) throws {
        guard rows.commandTag == "COMMIT" else {
            throw PostgresError(kind: .query, message: "the transaction was rolled back: one of its statements failed")
        }
    }

    /// The connection failed before any statement of the transaction ran: nothing took effect, so the
    /// transaction may run again on another connection.
    struct NotStarted: Error {
        let error: PostgresError
    }

    /// `BEGIN` and the transaction-local settings at once, in one round trip, for a transaction that others
    /// join (`SharedTransaction`). A broken connection here throws `NotStarted`: nothing ran.
    static func begin(on connection: PostgresConnection, org: UUID?) throws {
        do {
            let statements = try prologue(org: org, settings: [:], on: connection)
            try connection.pipeline(statements.map(\.sql), prepared: { statements[$0].prepared })
        } catch let error as PostgresError where error.isUnavailable {
            throw NotStarted(error: error)
        } catch {
            if connection.isHealthy { try? connection.execute(raw: "ROLLBACK") }
            throw error
        }
    }

    /// A transaction joined to a shared one: its settings travel with its first statement.
    static func joined(on connection: PostgresConnection, settings: [String: String]) throws -> PostgresTransaction {
        let settings = try prologue(org: nil, settings: settings, on: connection).dropFirst()
        return PostgresTransaction(connection: connection, pending: Array(settings), joined: true)
    }

    /// `SET LOCAL` rather than `set_config(..., true)`: both end with the transaction, but only a `SET`
    /// command is propagated by Citus (`citus.propagate_set_commands = 'local'`) to the connections the
    /// transaction opens to the workers, where the row-level security policies of the shards read it.
    private static func prologue(org: UUID?, settings: [String: String], on connection: PostgresConnection) throws
        -> [(sql: SQL, prepared: Bool)]
    {
        var statements: [(sql: SQL, prepared: Bool)] = [("BEGIN", true)]
        if let org {
            statements.append((try setLocal("app.org_id", org.uuidString.lowercased(), on: connection), false))
        }
        for (name, value) in settings.sorted(by: { $0.key < $1.key }) {
            statements.append((try setLocal(name, value, on: connection), false))
        }
        return statements
    }

    /// `SET LOCAL` takes no bind parameter: the name must be a plain `prefix.name` identifier (it comes
    /// from code, never from a request) and the value becomes a literal escaped by libpq.
    private static func setLocal(_ name: String, _ value: String, on connection: PostgresConnection) throws -> SQL {
        guard isCustomSettingName(name) else {
            throw PostgresError(kind: .query, message: "not a custom setting name: \(name)")
        }
        return SQL(unsafeSQL: "SET LOCAL \(name) = \(try connection.literal(value))")
    }

    private static func isCustomSettingName(_ name: String) -> Bool {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 2
            && parts.allSatisfy { part in
                guard let first = part.utf8.first, first == UInt8(ascii: "_") || (first >= 97 && first <= 122) else {
                    return false
                }
                return part.utf8.allSatisfy { $0 == UInt8(ascii: "_") || ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) }
            }
    }

    static func run<T>(
        on connection: PostgresConnection, org: UUID?, settings: [String: String],
        _ body: (PostgresTransaction) throws -> T
    ) throws -> T {
        let transaction = PostgresTransaction(
            connection: connection, pending: try prologue(org: org, settings: settings, on: connection), joined: false)
        do {
            let value = try body(transaction)
            try transaction.finish()
            return value
        } catch {
            if let notStarted = transaction.progress.notStarted { throw NotStarted(error: notStarted) }
            if connection.isHealthy && !connection.isIdle { try? connection.execute(raw: "ROLLBACK") }
            throw error
        }
    }
}
