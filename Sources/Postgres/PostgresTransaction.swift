import Foundation

/// A transaction in progress on one connection. Only valid inside the body that received it.
public struct PostgresTransaction: Sendable {
    /// The connection the transaction runs on.
    public let connection: PostgresConnection

    /// Runs a statement and returns its rows.
    @discardableResult
    public func query(_ sql: SQL) throws -> PostgresRows {
        try connection.query(sql)
    }

    /// Runs a statement and returns how many rows it affected.
    @discardableResult
    public func execute(_ sql: SQL) throws -> Int {
        try connection.query(sql).affectedRows
    }

    /// The connection failed before any statement of the transaction ran: nothing took effect, so the
    /// transaction may run again on another connection.
    struct NotStarted: Error {
        let error: PostgresError
    }

    /// Sets a transaction-local setting (`SET LOCAL`), e.g. once a lookup has found the organization.
    public func setLocal(_ name: String, _ value: String) throws {
        try connection.pipeline([try Self.setLocal(name, value, on: connection)], unnamedFrom: 0)
    }

    /// `BEGIN` and the transaction-local settings, in one round trip. A broken connection here throws
    /// `NotStarted`: nothing ran.
    static func begin(on connection: PostgresConnection, org: UUID?, settings: [String: String] = [:]) throws {
        do {
            var statements: [SQL] = ["BEGIN"]
            statements += try prologue(org: org, settings: settings, on: connection)
            try connection.pipeline(statements, unnamedFrom: 1)
        } catch let error as PostgresError where error.isUnavailable {
            // Broken, or closed by the server (57P01 and the like arrive before libpq notices the socket).
            throw NotStarted(error: error)
        } catch {
            if connection.isHealthy { try? connection.execute(raw: "ROLLBACK") }
            throw error
        }
    }

    static func apply(org: UUID?, settings: [String: String], on connection: PostgresConnection) throws {
        let statements = try prologue(org: org, settings: settings, on: connection)
        if !statements.isEmpty { try connection.pipeline(statements, unnamedFrom: 0) }
    }

    /// `SET LOCAL` rather than `set_config(..., true)`: both end with the transaction, but only a `SET`
    /// command is propagated by Citus (`citus.propagate_set_commands = 'local'`) to the connections the
    /// transaction opens to the workers, where the row-level security policies of the shards read it.
    private static func prologue(org: UUID?, settings: [String: String], on connection: PostgresConnection) throws
        -> [SQL]
    {
        var statements: [SQL] = []
        if let org {
            statements.append(try setLocal("app.org_id", org.uuidString.lowercased(), on: connection))
        }
        for (name, value) in settings.sorted(by: { $0.key < $1.key }) {
            statements.append(try setLocal(name, value, on: connection))
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
        try begin(on: connection, org: org, settings: settings)
        do {
            let value = try body(PostgresTransaction(connection: connection))
            try connection.execute(raw: "COMMIT")
            return value
        } catch {
            if connection.isHealthy { try? connection.execute(raw: "ROLLBACK") }
            throw error
        }
    }
}
