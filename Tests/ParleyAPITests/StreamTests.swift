import Foundation
import HTTPTypes
import NIOConcurrencyHelpers
import ParleyDomain
import ParleyStore
import ParleyTestSupport
import Postgres
import Testing

@Suite("live event stream")
struct StreamTests {
    @Test("resumes after Last-Event-ID without gaps, then delivers new events as they are committed")
    func resumesAndFollows() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .proposed)
            let before = try await api.request(.get, "\(fixture.path)/events?limit=500", token: fixture.leader.token)
            let existing = try before.expect(.ok, as: API.List<API.Event>.self).items.count
            #expect(existing >= 3)
            for _ in 0..<100 where !api.events.listener.isListening { try await Task.sleep(for: .milliseconds(50)) }
            #expect(api.events.listener.isListening)

            let expected = existing - 1 + 2
            let stream = Task {
                try await api.request(
                    .get, "\(fixture.path)/stream?limit=\(expected)", token: fixture.leader.token,
                    headers: [HTTPField.Name("Last-Event-ID")!: "1"])
            }
            for _ in 0..<100 where api.events.openStreams == 0 { try await Task.sleep(for: .milliseconds(20)) }
            for text in ["First live comment", "Second live comment"] {
                let posted = try await api.request(
                    .post, "\(fixture.path)/comments", token: fixture.manager.token, json: ["body": text])
                #expect(posted.status == .created)
            }
            let timeout = Task {
                try await Task.sleep(for: .seconds(20))
                stream.cancel()
            }
            let response = try await stream.value
            timeout.cancel()
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "text/event-stream")
            let ids = response.body.split(separator: "\n").filter { $0.hasPrefix("id: ") }.compactMap { Int($0.dropFirst(4)) }
            #expect(ids == Array(2...(existing + 2)))
            #expect(response.body.contains("event: comment.created"))
        }
    }

    @Test("a rep may not stream a plan's events (403), another org may not see it (404)")
    func access() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .proposed)
            let rep = try await api.request(.get, "\(fixture.path)/stream?limit=1", token: fixture.veteran.token)
            #expect(rep.status == .forbidden)
            let stranger = try await TestOrg.make(api)
            let other = try await api.request(.get, "\(fixture.path)/stream?limit=1", token: stranger.adminToken)
            #expect(other.status == .notFound)
        }
    }

    @Test("events of a plan nobody streams are not announced: the write path pays for NOTIFY only when watched")
    func silentWhenUnwatched() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .proposed)
            let heard = NIOLockedValueBox(0)
            let prefix = fixture.planID.uuidString.lowercased()
            let listener = PostgresListener(conninfo: TestDatabase.conninfo, channel: Events.channel, logger: .init(label: "t")) {
                if $0.hasPrefix(prefix) { heard.withLockedValue { $0 += 1 } }
            }
            for _ in 0..<100 where !listener.isListening { try await Task.sleep(for: .milliseconds(20)) }
            let posted = try await api.request(
                .post, "\(fixture.path)/comments", token: fixture.manager.token, json: ["body": "Nobody is watching"])
            #expect(posted.status == .created)
            try await Task.sleep(for: .milliseconds(300))
            #expect(heard.withLockedValue { $0 } == 0)
            await listener.close()
        }
    }
}
