import Crypto
import Foundation
import Postgres

/// The numbered SQL files in `sql/`, applied in order, each once, each in its own transaction.
///
/// An applied file is recorded with the SHA-256 of its text; if that text later changes, migrating fails
/// rather than silently skipping it, because the database would no longer match the files.
public struct Migrations: Sendable {
    /// One migration file.
    public struct File: Sendable, Hashable {
        /// The file name, e.g. `0001_identity.sql`; its order is the order of names.
        public var name: String
        /// The SQL text.
        public var sql: String
        /// Creates a file.
        public init(name: String, sql: String) {
            self.name = name
            self.sql = sql
        }

        /// Lowercase hex SHA-256 of the text.
        public var checksum: String { SHA256.hash(data: Data(sql.utf8)).hexString }
    }

    /// Why migrating stopped.
    public enum Failure: Error, CustomStringConvertible {
        /// The folder has no migration files.
        case noMigrations(String)
        /// An applied migration's file changed after it was applied.
        case checksumMismatch(String)
        /// The database has a migration the files do not know (a newer server migrated it).
        case unknownApplied(String)

        /// A readable description.
        public var description: String {
            switch self {
            case .noMigrations(let folder): "no migration files (NNNN_name.sql) in \(folder)"
            case .checksumMismatch(let name): "migration \(name) was changed after it was applied"
            case .unknownApplied(let name): "the database has migration \(name), which these files lack"
            }
        }
    }

    /// The files, ordered by name.
    public let files: [File]

    /// Uses the given files (ordered by name).
    public init(files: [File]) throws {
        self.files = files.sorted { $0.name < $1.name }
    }

    /// Loads `NNNN_*.sql` files from a folder.
    public init(folder: URL) throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
            .filter { $0.hasSuffix(".sql") && $0.first?.isNumber == true }
            .sorted()
        guard !names.isEmpty else { throw Failure.noMigrations(folder.path) }
        files = try names.map { File(name: $0, sql: try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8)) }
    }

    /// Finds the `sql/` folder: `PARLEY_SQL_DIR`, else `./sql`, else next to the source tree of this build.
    public static func defaultFolder(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let explicit = environment["PARLEY_SQL_DIR"] { return URL(fileURLWithPath: explicit) }
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("sql")
        if FileManager.default.fileExists(atPath: cwd.path) { return cwd }
        // Sources/ParleyStore/Migrations.swift → repository root.
        return URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("sql")
    }

    /// Applies what is missing and returns the names applied now (empty when already current).
    ///
    /// Each file is applied in a transaction of its own that first takes a transaction-level advisory lock
    /// and re-reads what is applied, so concurrent callers (parallel test processes, instances starting
    /// together) apply each file once. Nothing outlives a transaction, so this works through a pooler in
    /// transaction mode too, where a session-level lock could be taken on one server connection and
    /// released on another.
    public func apply(on pool: PostgresPool) async throws -> [String] {
        let files = self.files
        return try await pool.withConnection { connection in
            var done: [String] = []
            while true {
                try connection.execute(raw: "BEGIN")
                do {
                    try connection.execute(raw: "SELECT pg_advisory_xact_lock(7306482118)")
                    try connection.execute(
                        raw: """
                            CREATE TABLE IF NOT EXISTS schema_migrations (
                                name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())
                            """)
                    guard let file = try Self.nextMissing(files, applied: Self.applied(connection)) else {
                        try connection.execute(raw: "COMMIT")
                        return done
                    }
                    try connection.execute(raw: file.sql)
                    try connection.query(
                        "INSERT INTO schema_migrations (name, checksum) VALUES (\(file.name), \(file.checksum))")
                    try connection.execute(raw: "COMMIT")
                    done.append(file.name)
                } catch {
                    try? connection.execute(raw: "ROLLBACK")
                    throw error
                }
            }
        }
    }

    /// The first file not applied yet, after checking that the applied ones are unchanged and known.
    private static func nextMissing(_ files: [File], applied: [String: String]) throws -> File? {
        let known = Set(files.map(\.name))
        if let stray = applied.keys.sorted().first(where: { !known.contains($0) }) {
            throw Failure.unknownApplied(stray)
        }
        for file in files {
            guard let checksum = applied[file.name] else { return file }
            guard checksum == file.checksum else { throw Failure.checksumMismatch(file.name) }
        }
        return nil
    }

    /// Whether every file is applied with its current checksum (for `/readyz`).
    public func isCurrent(on pool: PostgresPool) async throws -> Bool {
        let expected = Dictionary(uniqueKeysWithValues: files.map { ($0.name, $0.checksum) })
        return try await pool.withConnection { connection in
            let applied = try Self.applied(connection)
            return applied == expected
        }
    }

    private static func applied(_ connection: PostgresConnection) throws -> [String: String] {
        let exists = try connection.query("SELECT to_regclass('schema_migrations') IS NOT NULL")
        guard try exists[0].decode(Bool.self) else { return [:] }
        let rows = try connection.query("SELECT name, checksum FROM schema_migrations")
        var result: [String: String] = [:]
        for row in rows {
            let (name, checksum) = try row.decode((String, String).self)
            result[name] = checksum
        }
        return result
    }
}

