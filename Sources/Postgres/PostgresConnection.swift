import CLibPQ

/// Whether statements are prepared once per connection under a name, or sent as unnamed statements.
///
/// Named statements save the server a parse per execution, but live in one server session: behind a
/// connection pooler in transaction mode (pgbouncer 1.18) consecutive transactions of one client land on
/// different server connections, where the names do not exist. Unnamed statements (parse, bind and execute
/// in one message sequence) work through any pooler.
public enum StatementMode: String, Sendable {
    /// Prepared once per connection and cached by text.
    case named
    /// Parsed with every execution; safe behind a transaction-pooling proxy.
    case unnamed

    /// `PARLEY_PG_STATEMENTS` (`named` or `unnamed`); unset is `named`, anything else is nil.
    public init?(environment: [String: String]) {
        guard let value = environment["PARLEY_PG_STATEMENTS"], !value.isEmpty else {
            self = .named
            return
        }
        self.init(rawValue: value)
    }

    /// The mode the environment asks for. An unknown value yields `unnamed`, which works everywhere;
    /// `parley` refuses to start with one before this is ever consulted.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment)
        -> StatementMode
    {
        StatementMode(environment: environment) ?? .unnamed
    }
}

/// One libpq connection. Blocking: use it from one thread at a time, never from an event loop.
///
/// The pool owns connections and hands each to exactly one worker thread at a time, which is why it is
/// `@unchecked Sendable`.
public final class PostgresConnection: @unchecked Sendable {
    private let handle: OpaquePointer
    private var statementNames: [String: String] = [:]
    private var nextStatementNumber = 0
    private static let statementCacheLimit = 512
    /// How statements are sent.
    public let statementMode: StatementMode
    /// Round trips to the server so far (each waits for the server once): what the tests count to hold the
    /// hot paths to their number of round trips.
    public private(set) var roundTrips = 0

    /// Opens a connection; `conninfo` is a libpq connection string or URI (empty: the `PG*` variables).
    public init(conninfo: String, statements: StatementMode = .named) throws {
        statementMode = statements
        guard let handle = PQconnectdb(conninfo) else {
            throw PostgresError(kind: .connection, message: "out of memory")
        }
        guard PQstatus(handle) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(handle))
            PQfinish(handle)  // libpq requires PQfinish even after a failed connect.
            throw PostgresError(kind: .connection, message: message)
        }
        // Assigned only now: once every property is set, a throw below runs `deinit`, which calls PQfinish.
        self.handle = handle
        // Notices ("relation already exists, skipping") are not errors; libpq would print them to stderr.
        PQsetNoticeProcessor(handle, { _, _ in }, nil)
        // Text results are parsed assuming these, whatever the server's or role's defaults.
        try execute(raw: "SET TIME ZONE 'UTC'; SET DateStyle = 'ISO, YMD'; SET client_encoding = 'UTF8'")
    }

    deinit {
        PQfinish(handle)
    }

    /// Whether the connection is still usable (false after the server closed it).
    public var isHealthy: Bool { PQstatus(handle) == CONNECTION_OK }

    /// Whether the connection is usable, after reading (without waiting) whatever the server sent while it sat
    /// idle: a server that restarted or ended the backend has closed the socket, which only a read notices. A
    /// transaction must learn this before it sends anything, since after its `COMMIT` was sent a broken
    /// connection no longer tells whether it committed.
    public var isAlive: Bool {
        // An idle connection normally has nothing to read. A backend that is ending sends its FATAL error and
        // then closes: libpq takes each read as it comes, so read until nothing is left or the end is seen.
        var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
        for _ in 0..<4 where PQstatus(handle) == CONNECTION_OK {
            descriptor.revents = 0
            guard poll(&descriptor, 1, 0) > 0 else { break }
            guard PQconsumeInput(handle) == 1 else { return false }
        }
        return PQstatus(handle) == CONNECTION_OK
    }

    /// Whether the connection sits outside any transaction.
    public var isIdle: Bool { PQtransactionStatus(handle) == PQTRANS_IDLE }

    /// The server's process id for this connection.
    public var backendPID: Int32 { PQbackendPID(handle) }

    /// Runs a parameterized statement through the per-connection prepared-statement cache.
    @discardableResult
    public func query(_ sql: SQL) throws -> PostgresRows {
        guard statementMode == .named else { return try check(unnamed(sql)) }
        let name = try preparedName(for: sql.text, parameterCount: sql.binds.count)
        roundTrips &+= 1
        let result = withCStrings(sql.binds) { values in
            PQexecPrepared(handle, name, Int32(values.count), values, nil, nil, 0)
        }
        return try check(result)
    }

    private func unnamed(_ sql: SQL) -> OpaquePointer? {
        roundTrips &+= 1
        return withCStrings(sql.binds) { values in
            PQexecParams(handle, sql.text, Int32(values.count), nil, values, nil, nil, 0)
        }
    }

    /// `text` as an SQL string literal, escaped by libpq for this connection's encoding and settings.
    ///
    /// For the few statements that cannot take a parameter (`SET LOCAL`); everything else binds values.
    public func literal(_ text: String) throws -> String {
        guard let escaped = PQescapeLiteral(handle, text, text.utf8.count) else { throw connectionError() }
        defer { PQfreemem(escaped) }
        return String(cString: escaped)
    }

    /// Runs statements in one network round trip (libpq pipeline mode) and returns their rows in order.
    ///
    /// The statements must not depend on each other's results. If one fails, the server skips the rest,
    /// and the first failure is thrown once every result has been read, so the connection stays usable.
    @discardableResult
    public func pipeline(_ statements: [SQL]) throws -> [PostgresRows] {
        try pipeline(statements, prepared: { _ in true })
    }

    /// `pipeline`, preparing (in `named` mode) only the statements for which `prepared` holds: text that
    /// differs with every transaction (`SET LOCAL` of a tenant's id) must not fill the statement cache.
    @discardableResult
    func pipeline(_ statements: [SQL], prepared: (Int) -> Bool) throws -> [PostgresRows] {
        let named = statements.indices.map { statementMode == .named && prepared($0) }
        if statements.count == 1 { return [named[0] ? try query(statements[0]) : try check(unnamed(statements[0]))] }
        let namedCount = named.filter { $0 }.count
        if statementNames.count + namedCount > Self.statementCacheLimit {
            // Make room first: evicting while naming them would invalidate the names taken before.
            try execute(raw: "DEALLOCATE ALL")
            statementNames.removeAll(keepingCapacity: true)
        }
        let names: [String?] = try zip(statements, named).map { statement, named in
            named ? try preparedName(for: statement.text, parameterCount: statement.binds.count) : nil
        }
        guard PQenterPipelineMode(handle) == 1 else {
            return try zip(statements, names).map { statement, name in
                name == nil ? try check(unnamed(statement)) : try query(statement)
            }
        }
        defer { PQexitPipelineMode(handle) }
        for (statement, name) in zip(statements, names) {
            let sent = withCStrings(statement.binds) { values in
                if let name {
                    PQsendQueryPrepared(handle, name, Int32(values.count), values, nil, nil, 0)
                } else {
                    PQsendQueryParams(handle, statement.text, Int32(values.count), nil, values, nil, nil, 0)
                }
            }
            guard sent == 1 else { throw connectionError() }
        }
        guard PQpipelineSync(handle) == 1 else { throw connectionError() }
        roundTrips &+= 1
        var rows: [PostgresRows] = []
        var failure: (any Error)?
        for _ in statements {
            guard let result = PQgetResult(handle) else { throw connectionError() }
            do {
                rows.append(try check(result))
            } catch {
                if failure == nil { failure = error }
            }
            // Each statement's results end with a null result.
            while let extra = PQgetResult(handle) { PQclear(extra) }
        }
        // The sync point.
        guard let sync = PQgetResult(handle) else { throw connectionError() }
        let synced = PQresultStatus(sync) == PGRES_PIPELINE_SYNC
        PQclear(sync)
        if let failure { throw failure }
        guard synced else { throw connectionError() }
        return rows
    }

    private func connectionError() -> PostgresError {
        PostgresError(kind: isHealthy ? .query : .connection, message: String(cString: PQerrorMessage(handle)))
    }

    /// Runs raw SQL text without parameters, possibly several statements (migrations, session setup).
    public func execute(raw text: String) throws {
        roundTrips &+= 1
        _ = try check(PQexec(handle, text))
    }

    /// Waits up to `timeout` milliseconds for `NOTIFY`s on channels this connection `LISTEN`s to.
    ///
    /// Returns the payloads received (possibly none). Throws when the connection broke.
    public func notifications(timeout: Int32) throws -> [(channel: String, payload: String)] {
        var descriptor = pollfd(fd: PQsocket(handle), events: Int16(POLLIN), revents: 0)
        let ready = poll(&descriptor, 1, timeout)
        if ready < 0 && errno != EINTR {
            throw PostgresError(kind: .connection, message: "poll failed")
        }
        guard PQconsumeInput(handle) == 1 else {
            throw PostgresError(kind: .connection, message: String(cString: PQerrorMessage(handle)))
        }
        var received: [(channel: String, payload: String)] = []
        while let notify = PQnotifies(handle) {
            received.append((String(cString: notify.pointee.relname), String(cString: notify.pointee.extra)))
            PQfreemem(notify)
        }
        return received
    }

    private func preparedName(for text: String, parameterCount: Int) throws -> String {
        if let name = statementNames[text] { return name }
        if statementNames.count >= Self.statementCacheLimit {
            try execute(raw: "DEALLOCATE ALL")
            statementNames.removeAll(keepingCapacity: true)
        }
        // Never reuse a name: after an error that drops the cache (below) the server may still hold the old
        // statements, and a reused name would fail with 42P05 on every later prepare of this connection.
        let name = "s\(nextStatementNumber)"
        nextStatementNumber &+= 1
        roundTrips &+= 1
        _ = try check(PQprepare(handle, name, text, Int32(parameterCount), nil))
        statementNames[text] = name
        return name
    }

    private func check(_ result: OpaquePointer?) throws -> PostgresRows {
        guard let result else {
            throw PostgresError(kind: .connection, message: String(cString: PQerrorMessage(handle)))
        }
        let owned = PostgresResult(result)
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY:
            return PostgresRows(result: owned)
        default:
            func field(_ code: Int32) -> String? {
                PQresultErrorField(result, code).map { String(cString: $0) }
            }
            let sqlState = field(CLIBPQ_DIAG_SQLSTATE)
            if sqlState == "26000" || sqlState == "0A000" {
                // The server lost or invalidated our prepared statements (e.g. DISCARD ALL, schema change).
                statementNames.removeAll()
            }
            throw PostgresError(
                kind: isHealthy ? .query : .connection,
                sqlState: sqlState,
                message: field(CLIBPQ_DIAG_MESSAGE_PRIMARY) ?? String(cString: PQerrorMessage(handle)),
                detail: field(CLIBPQ_DIAG_MESSAGE_DETAIL),
                constraint: field(CLIBPQ_DIAG_CONSTRAINT_NAME)
            )
        }
    }
}

/// Calls `body` with a C array of NUL-terminated copies of `strings` (`nil` stays a null pointer).
private func withCStrings<R>(_ strings: [String?], _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { $0.map { strdup($0) } ?? nil }
    defer { for pointer in pointers { free(pointer) } }
    return pointers.withUnsafeMutableBufferPointer { buffer in
        body(buffer.map { $0.map { UnsafePointer($0) } })
    }
}

import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
