import Foundation
import HTTPTypes
import ParleyDomain
import ParleyTestSupport
import Testing

/// Comments on a plan and on a rep's assignment: their length, who posts and who reads them (contract: Comments).
@Suite("comments")
struct CommentTests {
    @Test("a comment body is 1 to 10000 characters")
    func bodyLength() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .proposed)
            for body in ["", String(repeating: "x", count: 10_001), String(repeating: "中", count: 10_001)] {
                let response = try await fixture.comment(body, by: fixture.manager, rep: fixture.veteran)
                #expect(response.status == .unprocessableContent, "\(body.count) characters: \(response.body)")
                #expect(response.errorFields == ["body"], "\(response.body)")
            }
            var response = try await api.request(
                .post, "\(fixture.path)/comments", token: fixture.manager.token, json: [String: Any]())
            #expect(response.status == .unprocessableContent, "\(response.body)")
            #expect(response.errorFields == ["body"])
            response = try await api.request(
                .post, "\(fixture.path)/comments", token: fixture.manager.token,
                json: ["body": "hi", "author_id": fixture.leader.id.uuidString])
            #expect(response.status == .unprocessableContent, "\(response.body)")
            #expect(response.errorFields == ["author_id"])

            for body in ["k", String(repeating: "x", count: 10_000), String(repeating: "中", count: 10_000)] {
                response = try await fixture.comment(body, by: fixture.manager, rep: fixture.veteran)
                #expect(response.status == .created, "\(body.count) characters: \(response.body)")
                #expect(response.json?["body"]?.string == body)
            }
            let listed =
                try await api.request(.get, "\(fixture.path)/comments", token: fixture.leader.token).json?["items"]?
                .array ?? []
            #expect(listed.count == 3)
        }
    }

    @Test("a comment about a rep is seen by that rep, the managers above, leaders, admins and viewers; nobody else")
    func visibility() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .proposed)
            var response = try await fixture.comment(
                "Q3 renewals justify 10 % more.", by: fixture.manager, rep: fixture.veteran)
            #expect(response.status == .created, "\(response.body)")
            let aboutVeteran = try #require(response.json?["id"]?.uuid)
            #expect(response.json?["author_id"]?.uuid == fixture.manager.id)
            #expect(response.json?["rep_id"]?.uuid == fixture.veteran.id)
            #expect(response.json?.isNull("proposal_id") == true)
            #expect(response.json?.isNull("parent_id") == true)
            #expect(response.json?["created_at"]?.string != nil)

            response = try await api.request(
                .post, "\(fixture.path)/comments", token: fixture.veteran.token,
                json: ["body": "Fair, agreed.", "parent_id": aboutVeteran.uuidString])
            #expect(response.status == .created, "\(response.body)")
            let reply = try #require(response.json?["id"]?.uuid)
            #expect(response.json?["rep_id"]?.uuid == fixture.veteran.id, "a reply is about the same rep")
            #expect(response.json?["parent_id"]?.uuid == aboutVeteran)

            response = try await fixture.comment(
                "My ramp is slower than planned.", by: fixture.newcomer, rep: fixture.newcomer)
            #expect(response.status == .created, "\(response.body)")
            let aboutNewcomer = try #require(response.json?["id"]?.uuid)

            response = try await fixture.comment("Kick-off on Monday.", by: fixture.leader)
            #expect(response.status == .created, "\(response.body)")
            let planLevel = try #require(response.json?["id"]?.uuid)
            #expect(response.json?.isNull("rep_id") == true)

            let everything = [aboutVeteran, reply, aboutNewcomer, planLevel]
            let expected: [(String, Member, [UUID])] = [
                ("the veteran", fixture.veteran, [aboutVeteran, reply, planLevel]),
                ("the newcomer", fixture.newcomer, [aboutNewcomer, planLevel]),
                ("a rep outside the scope", fixture.outsider, [planLevel]),
                ("the scope's manager", fixture.manager, everything),
                ("a manager of another region", fixture.otherManager, [planLevel]),
                ("a leader", fixture.leader2, everything),
                ("a viewer", fixture.viewer, everything),
                ("an admin", fixture.admin, everything),
            ]
            for (who, member, ids) in expected {
                let listed = try await api.request(.get, "\(fixture.path)/comments", token: member.token)
                #expect(listed.status == .ok, "\(who): \(listed.body)")
                #expect(listed.json?["items"]?.array.compactMap { $0["id"]?.uuid } == ids, "\(who)")
            }

            // ?rep_id= narrows to one rep, and never widens what the caller may see.
            let filtered: [(String, Member, [UUID])] = [
                ("the scope's manager", fixture.manager, [aboutVeteran, reply]),
                ("a viewer", fixture.viewer, [aboutVeteran, reply]),
                ("the veteran", fixture.veteran, [aboutVeteran, reply]),
                ("the newcomer", fixture.newcomer, []),
                ("a manager of another region", fixture.otherManager, []),
            ]
            for (who, member, ids) in filtered {
                let listed = try await api.request(
                    .get, "\(fixture.path)/comments?rep_id=\(fixture.veteran.id)", token: member.token)
                #expect(listed.json?["items"]?.array.compactMap { $0["id"]?.uuid } == ids, "\(who)")
            }
        }
    }

    @Test("a viewer cannot comment; nobody comments on an assignment they cannot see")
    func whoComments() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .proposed)
            var response = try await fixture.comment("Looks fine to finance.", by: fixture.viewer)
            #expect(response.status == .forbidden, "\(response.body)")
            response = try await fixture.comment("Looks fine to finance.", by: fixture.viewer, rep: fixture.veteran)
            #expect(response.status == .forbidden, "\(response.body)")

            for (who, member) in [
                ("another rep", fixture.newcomer), ("a manager of another region", fixture.otherManager),
            ] {
                response = try await fixture.comment("Psst.", by: member, rep: fixture.veteran)
                #expect(response.status == .notFound, "\(who): \(response.body)")
            }
            #expect(
                try await api.request(.get, "\(fixture.path)/comments", token: fixture.leader.token).json?["items"]?
                    .array.count == 0)
        }
    }

    @Test("comments page with limit and next_cursor, oldest first")
    func paging() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .proposed)
            var posted: [UUID] = []
            for index in 1...5 {
                let response = try await fixture.comment(
                    "note \(index)", by: fixture.manager,
                    rep: index.isMultiple(of: 2) ? fixture.newcomer : fixture.veteran)
                posted.append(try #require(response.json?["id"]?.uuid))
            }
            var seen: [UUID] = []
            var url = "\(fixture.path)/comments?limit=2"
            for _ in 0..<5 {
                let page = try await api.request(.get, url, token: fixture.viewer.token)
                let items = page.json?["items"]?.array ?? []
                #expect(items.count <= 2)
                seen += items.compactMap { $0["id"]?.uuid }
                guard let cursor = page.json?["next_cursor"]?.string else { break }
                url = "\(fixture.path)/comments?limit=2&cursor=\(cursor)"
            }
            #expect(seen == posted)
            // The veteran pages through their own comments only.
            let own = try await api.request(.get, "\(fixture.path)/comments?limit=1", token: fixture.veteran.token)
            #expect(own.json?["items"]?.array.compactMap { $0["id"]?.uuid } == [posted[0]])
            #expect(own.json?["next_cursor"]?.string != nil)
        }
    }
}
