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
                #expect(try response.decode(API.Comment.self).body == body)
            }
            let listed =
                try await api.request(.get, "\(fixture.path)/comments", token: fixture.leader.token)
                .expect(.ok, as: API.List<API.Comment>.self).items
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
            let aboutVeteran = try response.decode(API.Comment.self).id
            #expect(try response.decode(API.Comment.self).authorID == fixture.manager.id)
            #expect(try response.decode(API.Comment.self).repID == fixture.veteran.id)
            #expect(try response.decode(API.Comment.self).proposalID == nil)
            #expect(try response.decode(API.Comment.self).parentID == nil)
            #expect(try !response.decode(API.Comment.self).createdAt.isEmpty)

            response = try await api.request(
                .post, "\(fixture.path)/comments", token: fixture.veteran.token,
                json: ["body": "Fair, agreed.", "parent_id": aboutVeteran.uuidString])
            #expect(response.status == .created, "\(response.body)")
            let reply = try response.decode(API.Comment.self).id
            #expect(try response.decode(API.Comment.self).repID == fixture.veteran.id, "a reply is about the same rep")
            #expect(try response.decode(API.Comment.self).parentID == aboutVeteran)

            response = try await fixture.comment(
                "My ramp is slower than planned.", by: fixture.newcomer, rep: fixture.newcomer)
            #expect(response.status == .created, "\(response.body)")
            let aboutNewcomer = try response.decode(API.Comment.self).id

            response = try await fixture.comment("Kick-off on Monday.", by: fixture.leader)
            #expect(response.status == .created, "\(response.body)")
            let planLevel = try response.decode(API.Comment.self).id
            #expect(try response.decode(API.Comment.self).repID == nil)

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
                #expect(try listed.decode(API.List<API.Comment>.self).items.map(\.id) == ids, "\(who)")
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
                #expect(try listed.decode(API.List<API.Comment>.self).items.map(\.id) == ids, "\(who)")
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
                try await api.request(.get, "\(fixture.path)/comments", token: fixture.leader.token)
                    .expect(.ok, as: API.List<API.Comment>.self).items.isEmpty)
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
                posted.append(try response.decode(API.Comment.self).id)
            }
            var seen: [UUID] = []
            var url = "\(fixture.path)/comments?limit=2"
            for _ in 0..<5 {
                let page = try await api.request(.get, url, token: fixture.viewer.token)
                let list = try page.expect(.ok, as: API.List<API.Comment>.self)
                #expect(list.items.count <= 2)
                seen += list.items.map(\.id)
                guard let cursor = list.nextCursor else { break }
                url = "\(fixture.path)/comments?limit=2&cursor=\(cursor)"
            }
            #expect(seen == posted)
            // The veteran pages through their own comments only.
            let own = try await api.request(.get, "\(fixture.path)/comments?limit=1", token: fixture.veteran.token)
            let ownPage = try own.expect(.ok, as: API.List<API.Comment>.self)
            #expect(ownPage.items.map(\.id) == [posted[0]])
            #expect(ownPage.nextCursor != nil)
        }
    }
}
