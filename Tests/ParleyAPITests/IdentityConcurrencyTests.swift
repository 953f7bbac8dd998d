import Foundation
import HTTPTypes
import ParleyTestSupport
import Testing

/// Real concurrent clients racing on the same user, unit or key; afterwards the invariants must hold.
@Suite("identity under concurrent clients")
struct IdentityConcurrencyTests {
    static let racers = 8

    /// Sends `count` requests at once and returns their responses.
    static func race(
        _ count: Int, _ request: @escaping @Sendable (Int) async throws -> APIResponse
    ) async throws -> [APIResponse] {
        try await withThrowingTaskGroup(of: APIResponse.self) { group in
            for index in 0..<count { group.addTask { try await request(index) } }
            var responses: [APIResponse] = []
            for try await response in group { responses.append(response) }
            return responses
        }
    }

    @Test("concurrent PATCHes with the same If-Match: exactly one wins, the rest are 412, no lost update")
    func racingPatches() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let unit = try await org.unit(api, name: "Contested", parent: org.rootUnitID)
            let rep = try await org.user(api, role: "rep")
            let token = org.adminToken

            let unitResponses = try await Self.race(Self.racers) { index in
                try await api.request(
                    .patch, "/v1/units/\(unit)", token: token, json: ["name": "Name \(index)"], headers: ifMatch(1))
            }
            let unitWinners = unitResponses.filter { $0.status == .ok }
            #expect(unitWinners.count == 1)
            #expect(unitResponses.filter { $0.status == .preconditionFailed }.count == Self.racers - 1)
            let unitNow = try await api.request(.get, "/v1/units/\(unit)", token: token)
            #expect(unitNow.headers[.eTag] == "\"2\"")
            #expect(try unitNow.decode(API.Unit.self).name == unitWinners.first?.decode(API.Unit.self).name)

            let userResponses = try await Self.race(Self.racers) { index in
                try await api.request(
                    .patch, "/v1/users/\(rep.id)", token: token, json: ["name": "Rep \(index)"], headers: ifMatch(1))
            }
            let userWinners = userResponses.filter { $0.status == .ok }
            #expect(userWinners.count == 1)
            #expect(userResponses.filter { $0.status == .preconditionFailed }.count == Self.racers - 1)
            let userNow = try await api.request(.get, "/v1/users/\(rep.id)", token: token)
            #expect(userNow.headers[.eTag] == "\"2\"")
            #expect(try userNow.decode(API.User.self).name == userWinners.first?.decode(API.User.self).name)
        }
    }

    @Test("sequential PATCHes with each new ETag give consecutive versions")
    func consecutiveVersions() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let unit = try await org.unit(api, name: "Counter", parent: org.rootUnitID)
            var version = 1
            for step in 1...5 {
                let response = try await api.request(
                    .patch, "/v1/units/\(unit)", token: org.adminToken, json: ["name": "Step \(step)"],
                    headers: ifMatch(version))
                #expect(response.status == .ok)
                #expect(response.version == version + 1)
                version = try #require(response.version)
            }
            #expect(version == 6)
        }
    }

    @Test("two moves that would together make a cycle: exactly one succeeds")
    func racingMoves() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let token = org.adminToken
            // Many pairs at once make the window between reading the tree and updating a row easy to hit.
            for _ in 0..<6 {
                var pairs: [(UUID, UUID)] = []
                for _ in 0..<6 {
                    pairs.append(
                        (
                            try await org.unit(api, name: "A", parent: org.rootUnitID),
                            try await org.unit(api, name: "B", parent: org.rootUnitID)
                        ))
                }
                let moves = pairs.flatMap { [($0.0, $0.1), ($0.1, $0.0)] }
                let responses = try await Self.race(moves.count) { index in
                    let (unit, parent) = moves[index]
                    return try await api.request(
                        .patch, "/v1/units/\(unit)", token: token, json: ["parent_id": parent.uuidString],
                        headers: ifMatch(1))
                }
                #expect(responses.filter { $0.status == .ok }.count == pairs.count)
                #expect(responses.filter { $0.status == .unprocessableContent }.count == pairs.count)
                let parents = try await api.request(.get, "/v1/units?limit=500", token: token)
                    .expect(.ok, as: API.List<API.Unit>.self).items
                let parentOf = Dictionary(uniqueKeysWithValues: parents.map { ($0.id, $0.parentID) })
                for (a, b) in pairs {
                    #expect(!(parentOf[a] == b && parentOf[b] == a), "the tree has a cycle")
                }
            }
        }
    }

    @Test("concurrent creations with one e-mail: exactly one 201, the rest 409 conflict")
    func racingEmails() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let email = uniqueEmail("race")
            let root = org.rootUnitID
            let token = org.adminToken
            let responses = try await Self.race(Self.racers) { index in
                let variant = index.isMultiple(of: 2) ? email : email.uppercased()
                return try await api.request(
                    .post, "/v1/users", token: token, json: newUserBody(email: variant, unit: root))
            }
            #expect(responses.filter { $0.status == .created }.count == 1)
            for response in responses where response.status != .created {
                expectProblem(response, .conflict, "conflict")
            }
            #expect(try await listIDs(api, "/v1/users", token: token).count == 2)
        }
    }

    @Test("concurrent retries with one Idempotency-Key do the work once")
    func racingIdempotentRetries() async throws {
        try await TestAPI.run { api in
            let org = try await TestOrg.make(api)
            let token = org.adminToken
            let body = #"{"name": "Exactly once"}"#
            let responses = try await Self.race(Self.racers) { _ in
                try await api.request(.post, "/v1/units", token: token, raw: body, headers: idempotencyKey("race"))
            }
            // A retry that arrives while the first is still running waits for it, then replays its response.
            let created = responses.filter { $0.status == .created }
            #expect(created.count == responses.count)
            #expect(Set(created.map(\.body)).count == 1)
            #expect(responses.filter { $0.headers[HTTPField.Name("Idempotent-Replayed")!] == "true" }.count == responses.count - 1)
            #expect(try await listIDs(api, "/v1/units", token: token).count == 2)
            let retry = try await api.request(
                .post, "/v1/units", token: token, raw: body, headers: idempotencyKey("race"))
            #expect(retry.status == .created)
            #expect(retry.body == created.first?.body)
        }
    }
}
