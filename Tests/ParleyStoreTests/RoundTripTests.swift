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
    @Test("a plan read by a leader is one round trip; a comment on the plan is two, and so is a rep's proposal")
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

        // A rep's counter on their own assignment (the demo's second rep is countered), once to prepare the
        // statements, then counted; the version is read outside the count.
        let repToken = try #require(demo.users.filter { $0.role == .rep }.dropFirst().first?.token)
        let rep = try #require(try await store.authenticate(token: repToken))
        var proposal = 0
        for _ in 1...2 {
            let version = try await store.assignment(caller: rep, plan: demo.planID, rep: rep.userID).version
            let before = try await pool.withConnection { $0.roundTrips }
            _ = try await store.propose(
                caller: rep, plan: demo.planID, rep: rep.userID, version: version,
                NewProposal(
                    values: ["revenue": .months(Array(repeating: 1_000_000, count: 12))], assumptions: nil,
                    rationale: "counted"))
            proposal = try await pool.withConnection { $0.roundTrips } - before
        }
        // BEGIN with the plan, the locked assignment and the earlier proposals; the writes, the state check, the
        // event's append and COMMIT.
        #expect(proposal == 2)
        try await pool.close()
    }
}
