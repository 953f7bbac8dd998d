import Foundation
import HTTPTypes
import ParleyTestSupport
import Testing

@Suite("cross-tenant isolation of identity and units")
struct CrossTenantTests {
    @Test("another org's users and units are 404 not_found, never 403, and indistinguishable from unknown ids")
    func foreignIDsAreNotFound() async throws {
        try await TestAPI.run { api in
            let a = try await TestOrg.make(api, name: "Org A")
            let b = try await TestOrg.make(api, name: "Org B")
            let aRep = try await a.user(api, role: "rep")
            let aUnit = try await a.unit(api, name: "A-East", parent: a.rootUnitID)

            let attempts: [(HTTPRequest.Method, String, Any?, HTTPFields)] = [
                (.get, "/v1/users/\(aRep.id)", nil, [:]),
                (.get, "/v1/users/\(a.adminID)", nil, [:]),
                (.patch, "/v1/users/\(aRep.id)", ["name": "Hijacked"], ifMatch(1)),
                (.patch, "/v1/users/\(aRep.id)", ["role": "admin"], ifMatch(1)),
                (.post, "/v1/users/\(aRep.id)/tokens", nil, [:]),
                (.post, "/v1/users/\(a.adminID)/tokens", nil, [:]),
                (.get, "/v1/units/\(aUnit)", nil, [:]),
                (.get, "/v1/units/\(a.rootUnitID)", nil, [:]),
                (.patch, "/v1/units/\(aUnit)", ["name": "Hijacked"], ifMatch(1)),
                (.patch, "/v1/units/\(aUnit)", ["parent_id": b.rootUnitID.uuidString], ifMatch(1)),
            ]
            for (method, path, body, headers) in attempts {
                let foreign = try await api.request(method, path, token: b.adminToken, json: body, headers: headers)
                expectProblem(foreign, .notFound, "not_found")
                #expect(!foreign.body.contains(aRep.id.uuidString.lowercased()))
                #expect(!foreign.body.contains(aUnit.uuidString.lowercased()))
                // The same request with an id that exists nowhere answers the very same body.
                let unknownPath = path.replacingOccurrences(
                    of: try #require(path.split(separator: "/").dropFirst(2).first.map(String.init)),
                    with: UUID().uuidString)
                let unknown = try await api.request(
                    method, unknownPath, token: b.adminToken, json: body, headers: headers)
                #expect(unknown.status == foreign.status)
                #expect(unknown.body == foreign.body)
            }

            // Org A's rows are untouched.
            let rep = try await api.request(.get, "/v1/users/\(aRep.id)", token: a.adminToken)
            #expect(try rep.decode(API.User.self).name == "Rep User")
            #expect(try rep.decode(API.User.self).role == "rep")
            #expect(rep.headers[.eTag] == "\"1\"")
            let unit = try await api.request(.get, "/v1/units/\(aUnit)", token: a.adminToken)
            #expect(try unit.decode(API.Unit.self).name == "A-East")
            #expect(try unit.decode(API.Unit.self).parentID == a.rootUnitID)
            #expect(unit.headers[.eTag] == "\"1\"")
        }
    }

    @Test("an org's lists never contain another org's rows")
    func listsAreScoped() async throws {
        try await TestAPI.run { api in
            let a = try await TestOrg.make(api)
            let b = try await TestOrg.make(api)
            let aRep = try await a.user(api, role: "rep")
            let aUnit = try await a.unit(api, name: "A only", parent: a.rootUnitID)
            let bRep = try await b.user(api, role: "rep")

            let bUsers = try await listIDs(api, "/v1/users", token: b.adminToken)
            #expect(Set(bUsers) == [b.adminID, bRep.id])
            let bUnits = try await listIDs(api, "/v1/units", token: b.adminToken)
            #expect(bUnits == [b.rootUnitID])
            // Paging with a cursor taken from org A's ids does not reach into org A either.
            let cursor = try await listIDs(api, "/v1/users", token: a.adminToken).min()!.uuidString.lowercased()
            let page = try await api.request(.get, "/v1/users?cursor=\(cursor)", token: b.adminToken)
            let ids = Set((try? page.decode(API.List<API.User>.self))?.items.map(\.id) ?? [])
            #expect(ids.isDisjoint(with: [a.adminID, aRep.id]))
            #expect(!(try await listIDs(api, "/v1/units", token: b.adminToken)).contains(aUnit))

            let aUsers = try await listIDs(api, "/v1/users", token: a.adminToken)
            #expect(Set(aUsers) == [a.adminID, aRep.id])
        }
    }

    @Test("another org's unit or user cannot be referenced: 422 like an unknown id")
    func foreignReferences() async throws {
        try await TestAPI.run { api in
            let a = try await TestOrg.make(api)
            let b = try await TestOrg.make(api)
            let aManager = try await a.user(api, role: "manager")
            let bUnit = try await b.unit(api, name: "B unit", parent: b.rootUnitID)

            expectProblem(
                try await api.request(.post, "/v1/users", token: b.adminToken, json: newUserBody(unit: a.rootUnitID)),
                .unprocessableContent, "validation_failed", field: "unit_id")
            expectProblem(
                try await api.request(
                    .post, "/v1/units", token: b.adminToken, json: ["name": "X", "parent_id": a.rootUnitID.uuidString]),
                .unprocessableContent, "validation_failed", field: "parent_id")
            expectProblem(
                try await api.request(
                    .post, "/v1/units", token: b.adminToken, json: ["name": "X", "manager_id": aManager.id.uuidString]),
                .unprocessableContent, "validation_failed", field: "manager_id")
            expectProblem(
                try await api.request(
                    .patch, "/v1/units/\(bUnit)", token: b.adminToken, json: ["parent_id": a.rootUnitID.uuidString],
                    headers: ifMatch(1)),
                .unprocessableContent, "validation_failed", field: "parent_id")
            expectProblem(
                try await api.request(
                    .patch, "/v1/units/\(bUnit)", token: b.adminToken, json: ["manager_id": aManager.id.uuidString],
                    headers: ifMatch(1)),
                .unprocessableContent, "validation_failed", field: "manager_id")
            expectProblem(
                try await api.request(
                    .patch, "/v1/users/\(b.adminID)", token: b.adminToken, json: ["unit_id": a.rootUnitID.uuidString],
                    headers: ifMatch(1)),
                .unprocessableContent, "validation_failed", field: "unit_id")
            #expect(try await listIDs(api, "/v1/units", token: b.adminToken).count == 2)
        }
    }

    @Test("a token only ever acts in its own org")
    func tokenStaysHome() async throws {
        try await TestAPI.run { api in
            let a = try await TestOrg.make(api, name: "Home A")
            let b = try await TestOrg.make(api, name: "Home B")
            let me = try await api.request(.get, "/v1/me", token: b.adminToken)
            #expect(try me.decode(API.Me.self).org.id == b.orgID)
            #expect(try me.decode(API.Me.self).org.name == "Home B")
            // A unit created with B's token lands in B.
            let unit = try await b.unit(api, name: "Mine", parent: b.rootUnitID)
            expectProblem(try await api.request(.get, "/v1/units/\(unit)", token: a.adminToken), .notFound, "not_found")
        }
    }
}
