import Foundation
import ParleyDomain
import ParleyStore
import ParleyTestSupport
import Postgres
import Testing

/// Comments on one plan at once share transactions (`Store.planEvents`), proposals run in their own: together,
/// every one lands as one event of one linear chain, with its own result, and each assignment moves once.
@Suite("grouped writes on one plan")
struct GroupedWritesTests {
    @Test("reps proposing while a leader comments at once on one plan: all land, each as one event, and the chain verifies")
    func proposalsAndComments() async throws {
        _ = try await TestDatabase.pool()  // Migrated.
        let pool = PostgresPool(conninfo: TestDatabase.conninfo, size: 8)
        let store = Store(pool: pool)
        let demo = try await store.seedDemoOrganization(
            name: "Grouped writes", reps: 24, passwordHash: "x", today: LocalDate(year: 2026, month: 12, day: 2)!)
        let leaderToken = try #require(demo.users.first { $0.role == .leader }?.token)
        let leader = try #require(try await store.authenticate(token: leaderToken))
        var reps: [(caller: Caller, version: Int64)] = []
        for user in demo.users where user.role == .rep {
            let rep = try #require(try await store.authenticate(token: user.token))
            let assignment = try await store.assignment(caller: rep, plan: demo.planID, rep: rep.userID)
            if assignment.state != .agreed { reps.append((rep, assignment.version)) }
        }
        #expect(reps.count >= 12)
        let before = try await store.events(caller: leader, plan: demo.planID, after: 0, limit: 1000).count

        let versions = try await withThrowingTaskGroup(of: Int64?.self) { group in
            for (rep, version) in reps {
                group.addTask {
                    try await store.propose(
                        caller: rep, plan: demo.planID, rep: rep.userID, version: version,
                        NewProposal(
                            values: ["revenue": .months(Array(repeating: 1_000_000, count: 12))], assumptions: nil,
                            rationale: "at once")
                    ).assignmentVersion
                }
                group.addTask {
                    _ = try await store.comment(
                        caller: leader, plan: demo.planID, body: "at once", repID: rep.userID, proposalID: nil, parentID: nil)
                    return nil
                }
            }
            var versions: [Int64] = []
            for try await version in group { if let version { versions.append(version) } }
            return versions
        }
        #expect(versions.count == reps.count)
        for (rep, version) in reps {
            let assignment = try await store.assignment(caller: rep, plan: demo.planID, rep: rep.userID)
            #expect(assignment.version == version + 1)
            #expect(assignment.proposals.last?.rationale == "at once")
        }
        let events = try await store.events(caller: leader, plan: demo.planID, after: 0, limit: 1000)
        #expect(events.count == before + 2 * reps.count)
        #expect(events.map(\.seq) == Array(1...Int64(events.count)))
        #expect(events.filter { $0.kind == "proposal.created" }.count >= reps.count)
        #expect(try await store.verifyAudit(caller: nil, org: demo.orgID, plan: demo.planID).ok)
        try await pool.close()
    }
}
