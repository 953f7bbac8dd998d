import Foundation
import ParleyStore
import ParleyTestSupport
import Postgres
import Testing

/// What makes a schema distributable by `org_id` (Citus) and keeps every key inside one tenant, read from
/// pg_catalog: every table but `schema_migrations` is a tenant table with `org_id NOT NULL`; every primary
/// key, unique constraint and unique index has `org_id` among its key columns; every foreign key maps
/// `org_id` to the referenced table's `org_id` and neither sets it to NULL nor to a default.
enum TenantKeyCatalog {
    static let nonTenantTables = ["schema_migrations"]

    /// One line per problem, e.g. `tokens: unique index tokens_token_hash_key lacks org_id`.
    static func violations(in schema: String, on connection: PostgresConnection) throws -> [String] {
        var problems: [String] = []
        let withoutOrg = try connection.query(
            """
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = \(schema) AND c.relkind IN ('r', 'p') AND NOT c.relname = ANY (\(nonTenantTables)::text[])
              AND NOT EXISTS (SELECT 1 FROM pg_attribute a
                              WHERE a.attrelid = c.oid AND a.attname = 'org_id' AND a.attnotnull AND NOT a.attisdropped)
            ORDER BY 1
            """)
        problems += try withoutOrg.map { "\(try $0.decode(0, as: String.self)): no org_id NOT NULL column" }
        let withoutPrimaryKey = try connection.query(
            """
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = \(schema) AND c.relkind IN ('r', 'p') AND NOT c.relname = ANY (\(nonTenantTables)::text[])
              AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conrelid = c.oid AND k.contype = 'p')
            ORDER BY 1
            """)
        problems += try withoutPrimaryKey.map { "\(try $0.decode(0, as: String.self)): no primary key" }
        // Key columns only (not INCLUDE columns): int2vector's text form is the attribute numbers, spaced.
        let uniques = try connection.query(
            """
            SELECT c.relname, i.relname FROM pg_index x
            JOIN pg_class c ON c.oid = x.indrelid JOIN pg_class i ON i.oid = x.indexrelid
            JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = \(schema) AND x.indisunique AND NOT c.relname = ANY (\(nonTenantTables)::text[])
              AND NOT EXISTS (
                  SELECT 1 FROM pg_attribute a
                  WHERE a.attrelid = c.oid AND a.attname = 'org_id'
                    AND a.attnum = ANY ((string_to_array(x.indkey::text, ' ')::int2[])[1:x.indnkeyatts]))
            ORDER BY 1, 2
            """)
        problems += try uniques.map {
            "\(try $0.decode(0, as: String.self)): unique index \(try $0.decode(1, as: String.self)) lacks org_id"
        }
        let foreignKeys = try connection.query(
            """
            SELECT c.relname, k.conname,
                   k.confdeltype IN ('n', 'd') OR k.confupdtype IN ('n', 'd'),
                   EXISTS (SELECT 1 FROM unnest(k.conkey, k.confkey) AS m(source, target)
                           JOIN pg_attribute s ON s.attrelid = k.conrelid AND s.attnum = m.source
                           JOIN pg_attribute t ON t.attrelid = k.confrelid AND t.attnum = m.target
                           WHERE s.attname = 'org_id' AND t.attname = 'org_id')
            FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = \(schema) AND k.contype = 'f'
            ORDER BY 1, 2
            """)
        for row in foreignKeys {
            let table: String = try row.decode(0)
            let name: String = try row.decode(1)
            if try row.decode(2, as: Bool.self) { problems.append("\(table): foreign key \(name) sets NULL or a default") }
            if try !row.decode(3, as: Bool.self) { problems.append("\(table): foreign key \(name) does not map org_id to org_id") }
        }
        return problems
    }
}

@Suite("every key of every tenant table includes org_id, proven from the catalog")
struct TenantKeysCatalogTests {
    /// `conninfo` (a URI or key=value pairs) with another database.
    static func conninfo(_ conninfo: String, database: String) throws -> String {
        guard conninfo.hasPrefix("postgres://") || conninfo.hasPrefix("postgresql://") else {
            return conninfo + " dbname=\(database)"
        }
        guard var components = URLComponents(string: conninfo) else { throw TestFailure("not a URI: \(conninfo)") }
        components.path = "/" + database
        guard let url = components.string else { throw TestFailure("cannot rebuild \(conninfo)") }
        return url
    }

    @Test("the migrated schema has no exception")
    func schemaHasNoException() async throws {
        // A database of its own, migrated from sql/: other suites create scratch tables in the shared one.
        let shared = try await TestDatabase.pool()
        let name = "parley_catalog_" + UUID().uuidString.prefix(8).lowercased()
        try await shared.withConnection { try $0.execute(raw: "CREATE DATABASE \(name)") }
        let pool = PostgresPool(conninfo: try Self.conninfo(TestDatabase.conninfo, database: name), size: 1)
        let outcome: Result<([String], Int), any Error>
        do {
            _ = try await Migrations(folder: Migrations.defaultFolder()).apply(on: pool)
            outcome = .success(
                try await pool.withConnection { connection in
                    let tables = try connection.query(
                        "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r'")
                    return (try TenantKeyCatalog.violations(in: "public", on: connection), try tables[0].decode(0, as: Int.self))
                })
        } catch {
            outcome = .failure(error)
        }
        try await pool.close()
        try await shared.withConnection { try $0.execute(raw: "DROP DATABASE \(name)") }
        let (problems, tables) = try outcome.get()
        #expect(tables >= 18, "the schema was not found")
        #expect(problems.isEmpty, "\(problems.joined(separator: "\n"))")
    }

    @Test("the check finds each kind of exception in a schema built to have them")
    func checkFindsExceptions() async throws {
        let pool = try await TestDatabase.pool()
        let schema = "catalog_probe_" + UUID().uuidString.prefix(8).lowercased()
        let problems = try await pool.withConnection { connection in
            try connection.execute(raw: "BEGIN")
            defer { _ = try? connection.execute(raw: "ROLLBACK") }
            // On a Citus coordinator the schema stays local: the check reads only this node's catalog, and Citus
            // would otherwise create the schema on the workers too. Plain PostgreSQL takes the setting as a
            // placeholder and ignores it.
            try connection.execute(
                raw: """
                    SET LOCAL citus.enable_ddl_propagation = off;
                    CREATE SCHEMA \(schema);
                    SET LOCAL search_path = \(schema);
                    CREATE TABLE good (org_id uuid NOT NULL, id uuid NOT NULL, PRIMARY KEY (org_id, id));
                    CREATE TABLE good_child (org_id uuid NOT NULL, id uuid NOT NULL, parent uuid,
                        PRIMARY KEY (org_id, id), FOREIGN KEY (org_id, parent) REFERENCES good (org_id, id));
                    CREATE TABLE hash_unique (org_id uuid NOT NULL, id uuid NOT NULL, hash bytea UNIQUE,
                        PRIMARY KEY (org_id, id));
                    CREATE TABLE included_only (org_id uuid NOT NULL, id uuid NOT NULL, PRIMARY KEY (org_id, id));
                    CREATE UNIQUE INDEX included_only_id ON included_only (id) INCLUDE (org_id);
                    CREATE TABLE no_org (id uuid PRIMARY KEY);
                    CREATE TABLE no_key (org_id uuid NOT NULL, id uuid);
                    CREATE TABLE fk_without_org (org_id uuid NOT NULL, id uuid NOT NULL, ref uuid,
                        PRIMARY KEY (org_id, id), FOREIGN KEY (ref) REFERENCES no_org (id));
                    CREATE TABLE fk_swapped (org_id uuid NOT NULL, other uuid NOT NULL, id uuid NOT NULL,
                        PRIMARY KEY (org_id, id), FOREIGN KEY (other, org_id) REFERENCES good (org_id, id));
                    CREATE TABLE fk_set_null (org_id uuid NOT NULL, id uuid NOT NULL, ref uuid,
                        PRIMARY KEY (org_id, id), FOREIGN KEY (org_id, ref) REFERENCES good (org_id, id) ON DELETE SET NULL);
                    """)
            return try TenantKeyCatalog.violations(in: schema, on: connection)
        }
        let flagged = Set(problems.map { String($0.prefix { $0 != ":" }) })
        #expect(flagged == ["hash_unique", "included_only", "no_org", "no_key", "fk_without_org", "fk_swapped", "fk_set_null"])
        #expect(problems.contains("hash_unique: unique index hash_unique_hash_key lacks org_id"))
        #expect(problems.contains("no_key: no primary key"))
        #expect(problems.contains { $0.hasPrefix("fk_set_null: foreign key") && $0.hasSuffix("sets NULL or a default") })
    }
}
