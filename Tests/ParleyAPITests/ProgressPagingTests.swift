import Foundation
import HTTPTypes
import ParleyDomain
import ParleyTestSupport
import Testing

/// `GET /v1/plans/{id}/progress` follows the list rules: `{"items", "next_cursor"}`, `?limit=` (default 50,
/// max 500), `?cursor=` (empty means the first page), ordered by rep name then id.
@Suite("progress: paging")
struct ProgressPagingTests {
    static func page(_ fixture: PlanFixture, _ query: String, as member: Member? = nil) async throws -> APIResponse {
        try await fixture.api.request(
            .get, "\(fixture.path)/progress?as_of=2027-02-10\(query)", token: (member ?? fixture.leader).token)
    }

    @Test("limit=1 pages through every rep in name order; the last page has a null next_cursor")
    func pagesInNameOrder() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .agreed, withRegionRep: true)
            let regionRep = try #require(fixture.regionRep)
            var names: [String] = []
            var ids: [String] = []
            var cursor = ""
            for _ in 0..<5 {
                let response = try await Self.page(fixture, "&limit=1&cursor=\(cursor)")
                #expect(response.status == .ok, "\(response.body)")
                let page = try response.decode(API.Progress.self)
                #expect(page.items.count == 1)
                names += page.items.map(\.name)
                ids += page.items.map { $0.repID.uuidString.lowercased() }
                // A last page says so with an explicit null (the decoder refuses an absent `next_cursor`).
                guard let next = page.nextCursor else { break }
                cursor = next
            }
            #expect(names == ["Chen Region", "Li Veteran", "Wang Newcomer"])
            #expect(
                ids == [regionRep, fixture.veteran, fixture.newcomer].map { $0.id.uuidString.lowercased() })

            let whole = try await Self.page(fixture, "").decode(API.Progress.self)
            #expect(whole.items.count == 3)
            #expect(whole.nextCursor == nil)
            #expect(whole.asOf == "2027-02-10")
            let response = try await Self.page(fixture, "&limit=2&cursor=")
            let two = try response.decode(API.Progress.self)
            #expect(two.items.count == 2, "an empty cursor is the first page: \(response.body)")
            #expect(two.nextCursor?.lowercased() == fixture.veteran.id.uuidString.lowercased())
        }
    }

    @Test("a manager pages through the reps they see only; a rep sees one row")
    func visibility() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .agreed, withRegionRep: true)
            let mine = try await Self.page(fixture, "&limit=500", as: fixture.veteran)
            #expect(try mine.decode(API.Progress.self).items.map(\.name) == ["Li Veteran"])
            #expect(try mine.decode(API.Progress.self).nextCursor == nil)
            let other = try await Self.page(fixture, "&limit=1", as: fixture.otherManager)
            #expect(try other.decode(API.Progress.self).items.isEmpty, "\(other.body)")
            #expect(try other.decode(API.Progress.self).nextCursor == nil)
        }
    }

    @Test("a bad limit or cursor is 422 naming it", arguments: ["&limit=0", "&limit=501", "&limit=x", "&cursor=nope"])
    func badPaging(_ query: String) async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .agreed)
            let response = try await Self.page(fixture, query)
            #expect(response.status == .unprocessableContent, "\(response.body)")
            #expect(response.errorFields == [query.contains("limit") ? "limit" : "cursor"], "\(response.body)")
        }
    }
}
