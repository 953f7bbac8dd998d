import Foundation
import ParleyDomain
import ParleyStore
import ParleyTestSupport
import Postgres
import Testing

/// The hot paths' round trips to PostgreSQL, counted on the connection: each one is a wait for the
/// server, and on a write the last ones are time the plan's chain head stays locked (see `Events.append`).
@Suite("round trips of the hot paths")
struct RoundTripTests {
    @Test("a plan read by a leader is one round trip; a comment on the plan is two")
    func hotPaths() async throws {
        _ = try await TestDatabase.pool()  // Migrated.
        let pool = PostgresPool(conninfo: TestDatabase.conninfo, size: 1)
        let store = Store(pool: pool)
        let demo = try await store.seedDemoOrganization(
            name: "Round trips", reps: 3, passwordHash: "x", today: LocalDate(year: 2026, month: 12, day: 2)!)
        let token = try #require(demo.users.first { $0.role == .leader }?.token)
        let leader = try #require(try await store.authenticate(token: token))

        func roundTrips(_ work: () async throws -> Void) async throws -> Int {
            try await work()  // Prepares the statements.
            let before = try await pool.withConnection { $0.roundTrips }
            try await work()
            return try await pool.withConnection { $0.roundTrips } - before
        }
        let read = try await roundTrips { _ = try await store.plan(caller: leader, id: demo.planID) }
        // BEGIN, the tenant's SET LOCAL, the plan and COMMIT, in one pipeline.
        #expect(read == 1)
        let comment = try await roundTrips {
            _ = try await store.comment(
                caller: leader, plan: demo.planID, body: "counted", repID: nil, proposalID: nil, parentID: nil)
        }
        // BEGIN with the plan's read; the comment's insert with the event's append and COMMIT.
        #expect(comment == 2)
        try await pool.close()
    }
}
