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

    /// `BEGIN` and the transaction-local settings, in one round trip. A broken connection here throws
    /// `NotStarted`: nothing ran.
    static func begin(on connection: PostgresConnection, org: UUID?, settings: [String: String] = [:]) throws {
        var statements: [SQL] = ["BEGIN"]
        statements += prologue(org: org, settings: settings)
        do {
            try connection.pipeline(statements)
        } catch let error as PostgresError where error.isUnavailable {
            // Broken, or closed by the server (57P01 and the like arrive before libpq notices the socket).
            throw NotStarted(error: error)
        } catch {
            if connection.isHealthy { try? connection.execute(raw: "ROLLBACK") }
            throw error
        }
    }

    static func apply(org: UUID?, settings: [String: String], on connection: PostgresConnection) throws {
        let statements = prologue(org: org, settings: settings)
        if !statements.isEmpty { try connection.pipeline(statements) }
    }

    private static func prologue(org: UUID?, settings: [String: String]) -> [SQL] {
        var statements: [SQL] = []
        if let org {
            statements.append("SELECT set_config('app.org_id', \(org), true)")
        }
        for (name, value) in settings.sorted(by: { $0.key < $1.key }) {
            statements.append("SELECT set_config(\(name), \(value), true)")
        }
        return statements
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
