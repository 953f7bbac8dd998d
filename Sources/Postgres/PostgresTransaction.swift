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

    /// `BEGIN` and the transaction-local settings. A broken connection here throws `NotStarted`.
    static func begin(on connection: PostgresConnection, org: UUID?, settings: [String: String] = [:]) throws {
        do {
            try connection.execute(raw: "BEGIN")
        } catch let error as PostgresError where error.kind == .connection {
            throw NotStarted(error: error)
        }
        do {
            try apply(org: org, settings: settings, on: connection)
        } catch {
            if connection.isHealthy { try? connection.execute(raw: "ROLLBACK") }
            throw error
        }
    }

    static func apply(org: UUID?, settings: [String: String], on connection: PostgresConnection) throws {
        if let org {
            try connection.query("SELECT set_config('app.org_id', \(org), true)")
        }
        for (name, value) in settings.sorted(by: { $0.key < $1.key }) {
            try connection.query("SELECT set_config(\(name), \(value), true)")
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
