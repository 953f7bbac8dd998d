import ArgumentParser
import CMalloc
import Foundation
import Logging
import NIOCore
import NIOPosix
import ParleyAPI
import ParleyDomain
import ParleyStore
import Postgres

@main
struct Parley: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parley",
        abstract: "Parley: sales targets negotiated, not decreed.",
        discussion: "The database is DATABASE_URL (a libpq connection string or URI), or the PG* variables when unset.",
        subcommands: [Migrate.self, Serve.self, Org.self, Demo.self, Audit.self]
    )
}

/// Options every command that touches the database shares.
struct DatabaseOptions: ParsableArguments {
    @Option(help: "The folder of numbered SQL migrations (default: PARLEY_SQL_DIR, ./sql, or the source tree's).")
    var sqlDir: String?

    var migrationsFolder: URL { sqlDir.map { URL(fileURLWithPath: $0) } ?? Migrations.defaultFolder() }

    func pool(size: Int = 2, logger: Logger) throws -> PostgresPool {
        PostgresPool(
            conninfo: PostgresPool.conninfoFromEnvironment(), size: size, logger: logger,
            statements: try statementMode())
    }
}

/// `PARLEY_PG_STATEMENTS`: `named` (the default) or `unnamed` (behind pgbouncer in transaction mode).
func statementMode() throws -> StatementMode {
    guard let mode = StatementMode(environment: ProcessInfo.processInfo.environment) else {
        throw ValidationError("PARLEY_PG_STATEMENTS must be named or unnamed")
    }
    return mode
}

/// `LOG_FORMAT`: `text` (swift-log's lines, the default) or `json` (one JSON object per line).
private let logFormat: String = {
    let format = ProcessInfo.processInfo.environment["LOG_FORMAT"] ?? "text"
    if format == "json" { LoggingSystem.bootstrap { JSONLogHandler(label: $0) } }
    return format
}()

func makeLogger(_ label: String) throws -> Logger {
    guard logFormat == "text" || logFormat == "json" else { throw ValidationError("LOG_FORMAT must be text or json") }
    var logger = Logger(label: label)
    logger.logLevel = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
    return logger
}

struct Migrate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Apply the sql/ migrations that are missing, in order.")

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let logger = try makeLogger("parley.migrate")
        let pool = try database.pool(logger: logger)
        defer { Task { try? await pool.close() } }
        let applied = try await Migrations(folder: database.migrationsFolder).apply(on: pool)
        if applied.isEmpty {
            print("migrations: already current")
        } else {
            for name in applied { print("applied \(name)") }
        }
        try await pool.close()
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the HTTP server until SIGINT/SIGTERM, then drain in-flight requests and exit.")

    @Option(help: "Address to bind.") var host = "127.0.0.1"
    @Option(help: "Port to bind.") var port = 8080
    @Option(help: "Database connections (and database worker threads).") var poolSize = 32
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        limitMallocArenas()
        // Swift concurrency's jobs run on the server's event loops instead of a pool of their own, as Vapor's
        // template does: a request then goes event loop -> database thread -> event loop, two thread hops fewer.
        // Nothing blocking runs as a task (libpq runs on the pool's threads, bcrypt on NIOThreadPool's).
        // Measured (deploy/bench-http.sh, same binary, two runs each): server CPU per GET 338 -> 263 µs and
        // 400 -> 367 µs, per comment 629 -> 529 µs.
        NIOSingletons.unsafeTryInstallSingletonPosixEventLoopGroupAsConcurrencyGlobalExecutor()
        let logger = try makeLogger("parley")
        let app = try buildApplication(
            ServerConfiguration(
                host: host, port: port, poolSize: poolSize, statements: try statementMode(),
                migrationsFolder: database.migrationsFolder),
            logger: logger)
        try await app.runService()
    }
}

/// Caps glibc's malloc at two arenas unless `MALLOC_ARENA_MAX` says otherwise. glibc gives threads that
/// contend their own arena, up to eight per core, and keeps what each one freed: with the pool's 32 threads,
/// the memory of every large response ever built stayed resident. Measured (`deploy/bench-planning.sh`,
/// 10,000 reps): RSS after 46 reconciliations 74 MiB with glibc's default, 50 MiB with two arenas, and the
/// same latency.
private func limitMallocArenas() {
    #if os(Linux)
    if ProcessInfo.processInfo.environment["MALLOC_ARENA_MAX"] == nil { _ = mallopt(M_ARENA_MAX, 2) }
    #endif
}

struct Org: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Manage organizations.", subcommands: [Create.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an organization and its first admin; prints {org_id, admin_user_id, token} as JSON.")

        @Option(help: "The organization's name.") var name: String
        @Option(help: "The first admin's e-mail.") var adminEmail: String
        @Option(help: "The first admin's password (optional; without one the admin signs in with the token).")
        var adminPassword: String?
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            let logger = try makeLogger("parley.org")
            let pool = try database.pool(logger: logger)
            let store = Store(pool: pool)
            let hash = try adminPassword.map { password -> String in
                guard (8...72).contains(password.utf8.count) else {
                    throw ValidationError("--admin-password must be 8 to 72 bytes")
                }
                return PasswordHash.make(password)
            }
            let created = try await store.createOrganization(
                name: name, adminEmail: adminEmail, adminName: "Administrator", passwordHash: hash, today: .today)
            try await pool.close()
            let output: [String: String] = [
                "org_id": created.orgID.uuidString.lowercased(),
                "admin_user_id": created.adminUserID.uuidString.lowercased(),
                "token": created.token,
            ]
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            print(String(decoding: try encoder.encode(output), as: UTF8.self))
        }
    }
}

struct Demo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a realistic demo organization and print its users' e-mails, passwords and tokens.")

    @Option(help: "How many reps.") var reps = 30
    @Option(help: "The password every demo user gets.") var password = "parley-demo"
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        guard reps >= 1 && reps <= 100_000 else { throw ValidationError("--reps must be 1 to 100000") }
        let logger = try makeLogger("parley.demo")
        let pool = try database.pool(logger: logger)
        let store = Store(pool: pool)
        let started = ContinuousClock.now
        let demo = try await store.seedDemoOrganization(
            name: "Demo Trading Co.", reps: reps, passwordHash: PasswordHash.make(password), today: .today)
        try await pool.close()
        print("Demo organization \(demo.orgID.uuidString.lowercased()) created in \(ContinuousClock.now - started).")
        print("Plan in discussion: \(demo.planID.uuidString.lowercased())")
        print("Locked plan of the running year: \(demo.runningPlanID.uuidString.lowercased())")
        print("Every user's password: \(password)\n")
        let width = demo.users.map(\.email.count).max() ?? 0
        print("role     " + "email".padding(toLength: width, withPad: " ", startingAt: 0) + "  token")
        for user in demo.users {
            let role = user.role.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)
            print("\(role) \(user.email.padding(toLength: width, withPad: " ", startingAt: 0))  \(user.token)")
        }
    }
}

struct Audit: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Check plans' event hash chains.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute a plan's hash chain; prints {\"ok\": true, \"events\": N} or the first broken event, exit 1 if broken.")

        @Option(help: "The plan's id.") var plan: String
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            guard let planID = UUID(uuidString: plan) else { throw ValidationError("--plan must be a UUID") }
            let pool = try database.pool(logger: makeLogger("parley.audit"))
            let store = Store(pool: pool)
            let result: AuditResult
            do {
                let org = try await store.organization(ofPlan: planID)
                result = try await store.verifyAudit(caller: nil, org: org, plan: planID)
                try await pool.close()
            } catch StoreError.notFound {
                try? await pool.close()
                throw ValidationError("no plan \(plan)")
            }
            if let broken = result.brokenAt {
                print("{\"ok\": false, \"broken_at\": \(broken)}")
                throw ExitCode(1)
            }
            print("{\"ok\": true, \"events\": \(result.events)}")
        }
    }
}
