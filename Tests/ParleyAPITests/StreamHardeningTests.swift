import Foundation
import HTTPTypes
import Logging
import ParleyDomain
import ParleyStore
import ParleyTestSupport
import Testing

@testable import ParleyAPI

@Suite("event stream hardening: access re-checked on heartbeats, caps, one read per notification, spread beats")
struct StreamHardeningTests {
    /// Event streams of their own (own LISTEN connection and hub), beating every `heartbeat` while `body` runs.
    static func withStreams<T: Sendable>(
        limits: StreamLimits = StreamLimits(), beating: Bool = true, _ body: @Sendable (EventStreams) async throws -> T
    ) async throws -> T {
        let events = EventStreams(conninfo: TestDatabase.conninfo, logger: Logger(label: "test"), limits: limits)
        let store = try await TestDatabase.store()
        let beats = Task { if beating { try await events.hub.run(store: store, logger: nil) } }
        for _ in 0..<100 where !events.listener.isListening { try await Task.sleep(for: .milliseconds(20)) }
        do {
            let value = try await body(events)
            beats.cancel()
            await events.listener.close()
            return value
        } catch {
            beats.cancel()
            await events.listener.close()
            throw error
        }
    }

    static func waitFor(_ condition: () -> Bool) async throws {
        for _ in 0..<250 where !condition() { try await Task.sleep(for: .milliseconds(20)) }
    }

    /// Runs a request in the background; cancelled after `seconds` if it has not ended by then.
    static func open(
        _ api: TestAPI, _ path: String, token: String, seconds: Int = 30
    ) -> (Task<APIResponse, any Error>, Task<Void, any Error>) {
        let stream = Task { try await api.request(.get, path, token: token) }
        let guardian = Task {
            try await Task.sleep(for: .seconds(seconds))
            stream.cancel()
        }
        return (stream, guardian)
    }

    @Test("signing out ends an open stream of that token at its next heartbeat")
    func revocationEndsStream() async throws {
        try await Self.withStreams(limits: StreamLimits(heartbeat: .milliseconds(300))) { events in
            try await TestAPI.run(today: PlanFixture.today, events: events) { api in
                let fixture = try await PlanFixture.make(api, stage: .proposed)
                let session = try await api.request(
                    .post, "/v1/users/\(fixture.leader.id)/tokens", token: fixture.leader.token)
                let token = try session.decode(API.Token.self).token
                let (stream, guardian) = Self.open(api, "\(fixture.path)/stream", token: token)
                try await Self.waitFor { events.openStreams == 1 }
                #expect(events.openStreams == 1)
                #expect(try await api.request(.delete, "/v1/sessions/current", token: token).status == .noContent)
                let response = try await stream.value
                guardian.cancel()
                #expect(response.status == .ok)
                #expect(response.body.contains(": closed: unauthenticated"), "\(response.body.suffix(200))")
                #expect(events.openStreams == 0)
            }
        }
    }

    @Test("a sign-out on another instance ends the stream once this instance's cached entry lapses")
    func revocationElsewhereEndsStream() async throws {
        try await Self.withStreams(limits: StreamLimits(heartbeat: .milliseconds(300))) { events in
            try await TestAPI.run(today: PlanFixture.today, authCacheLifetime: .seconds(1), events: events) { api in
                let fixture = try await PlanFixture.make(api, stage: .proposed)
                let issued = try await api.request(
                    .post, "/v1/users/\(fixture.viewer.id)/tokens", token: fixture.viewer.token)
                let token = try issued.decode(API.Token.self).token
                let (stream, guardian) = Self.open(api, "\(fixture.path)/stream", token: token)
                try await Self.waitFor { events.openStreams == 1 }
                // Another instance: its own router and auth cache; this one hears of nothing.
                let signedOut = try await TestAPI.run { other in
                    try await other.request(.delete, "/v1/sessions/current", token: token).status
                }
                #expect(signedOut == .noContent)
                let response = try await stream.value
                guardian.cancel()
                #expect(response.body.contains(": closed: unauthenticated"), "\(response.body.suffix(200))")
            }
        }
    }

    @Test("a role change that takes away the plan ends the stream at its next heartbeat")
    func roleChangeEndsStream() async throws {
        try await Self.withStreams(limits: StreamLimits(heartbeat: .milliseconds(300))) { events in
            try await TestAPI.run(today: PlanFixture.today, events: events) { api in
                let fixture = try await PlanFixture.make(api, stage: .proposed)
                let (stream, guardian) = Self.open(api, "\(fixture.path)/stream", token: fixture.viewer.token)
                try await Self.waitFor { events.openStreams == 1 }
                let user = try await api.request(.get, "/v1/users/\(fixture.viewer.id)", token: fixture.admin.token)
                let version = try #require(user.version)
                let demoted = try await api.request(
                    .patch, "/v1/users/\(fixture.viewer.id)", token: fixture.admin.token, json: ["role": "rep"],
                    headers: ifMatch(version))
                #expect(demoted.status == .ok)
                let response = try await stream.value
                guardian.cancel()
                #expect(response.body.contains(": closed: forbidden"), "\(response.body.suffix(200))")
            }
        }
    }

    @Test("a stream whose token stays valid goes on through many heartbeats and still delivers events")
    func validStreamContinues() async throws {
        try await Self.withStreams(limits: StreamLimits(heartbeat: .milliseconds(150))) { events in
            try await TestAPI.run(today: PlanFixture.today, events: events) { api in
                let fixture = try await PlanFixture.make(api, stage: .proposed)
                let existing = try await api.request(
                    .get, "\(fixture.path)/events?limit=500", token: fixture.leader.token
                ).expect(.ok, as: API.List<API.Event>.self).items.count
                let (stream, guardian) = Self.open(
                    api, "\(fixture.path)/stream?limit=\(existing + 1)", token: fixture.manager.token)
                try await Self.waitFor { events.openStreams == 1 }
                // Three whole heartbeat intervals: the stream is beaten (and re-checked) at least three times.
                let start = events.hub.ticks
                for _ in 0..<1000 where events.hub.ticks < start + 3 * EventHub.slots + 1 {
                    try await Task.sleep(for: .milliseconds(20))
                }
                #expect(events.openStreams == 1)
                _ = try await api.request(
                    .post, "\(fixture.path)/comments", token: fixture.manager.token, json: ["body": "Still here"])
                let response = try await stream.value
                guardian.cancel()
                #expect(response.body.components(separatedBy: ": keep-alive").count >= 4)
                #expect(response.body.contains("event: comment.created"))
                #expect(!response.body.contains(": closed"))
            }
        }
    }

    @Test("streams are capped per user and per instance with 429 too_many_streams and Retry-After")
    func caps() async throws {
        try await Self.withStreams(limits: StreamLimits(perUser: 2, perInstance: 3), beating: false) { events in
            try await TestAPI.run(today: PlanFixture.today, events: events) { api in
                let fixture = try await PlanFixture.make(api, stage: .proposed)
                let existing = try await api.request(
                    .get, "\(fixture.path)/events?limit=500", token: fixture.leader.token
                ).expect(.ok, as: API.List<API.Event>.self).items.count
                let path = "\(fixture.path)/stream?limit=\(existing + 1)"
                let first = Self.open(api, path, token: fixture.leader.token)
                let second = Self.open(api, path, token: fixture.leader.token)
                try await Self.waitFor { events.openStreams == 2 }
                // Guarded like the others: without a cap this request would be a stream that never ends.
                let refused = Self.open(api, path, token: fixture.leader.token, seconds: 10)
                let third = try await refused.0.value
                refused.1.cancel()
                expectProblem(third, .tooManyRequests, "too_many_streams")
                #expect(third.headers[.retryAfter] == "30")
                let viewer = Self.open(api, path, token: fixture.viewer.token)
                try await Self.waitFor { events.openStreams == 3 }
                let overInstance = Self.open(api, path, token: fixture.manager.token, seconds: 10)
                expectProblem(try await overInstance.0.value, .tooManyRequests, "too_many_streams")
                overInstance.1.cancel()
                #expect(events.openStreams == 3)

                // One event ends the three limited streams; their slots are free again.
                _ = try await api.request(
                    .post, "\(fixture.path)/comments", token: fixture.manager.token, json: ["body": "Free"])
                for (stream, guardian) in [first, second, viewer] {
                    #expect(try await stream.value.status == .ok)
                    guardian.cancel()
                }
                try await Self.waitFor { events.openStreams == 0 }
                let again = Self.open(api, "\(fixture.path)/stream?limit=1", token: fixture.leader.token)
                #expect(try await again.0.value.status == .ok)
                again.1.cancel()
            }
        }
    }

    @Test("one notification is read once for all the plan's streams and handed to each of them")
    func fanOut() async throws {
        try await Self.withStreams(beating: false) { events in
            try await TestAPI.run(today: PlanFixture.today, events: events) { api in
                let fixture = try await PlanFixture.make(api, stage: .proposed)
                let existing = try await api.request(
                    .get, "\(fixture.path)/events?limit=500", token: fixture.leader.token
                ).expect(.ok, as: API.List<API.Event>.self).items.count
                let streams = (0..<6).map { _ in
                    Self.open(api, "\(fixture.path)/stream?limit=\(existing + 3)", token: fixture.leader.token)
                }
                try await Self.waitFor { events.openStreams == 6 }
                let readsBefore = events.hub.feedReads
                for text in ["One", "Two", "Three"] {
                    let posted = try await api.request(
                        .post, "\(fixture.path)/comments", token: fixture.manager.token, json: ["body": text])
                    #expect(posted.status == .created)
                }
                for (stream, guardian) in streams {
                    let response = try await stream.value
                    guardian.cancel()
                    let ids = response.body.split(separator: "\n").filter { $0.hasPrefix("id: ") }.compactMap {
                        Int($0.dropFirst(4))
                    }
                    #expect(ids == Array(1...(existing + 3)))
                }
                let reads = events.hub.feedReads - readsBefore
                #expect((1...3).contains(reads), "\(reads) reads for 3 notifications to 6 streams")
            }
        }
    }

    @Test("heartbeats are spread: one tick beats one slot of streams; a whole interval beats each stream once")
    func spreadHeartbeats() async throws {
        let store = try await TestDatabase.store()
        func beats(afterTicks ticks: Int) async throws -> [Int] {
            let hub = EventHub(limits: StreamLimits(perUser: 0, perInstance: 0))
            let plan = UUID()
            let streams = try (0..<(EventHub.slots * 2)).map { _ in
                try hub.subscribe(org: UUID(), plan: plan, user: UUID(), store: store)
            }
            for _ in 0..<ticks { await hub.tick(store: nil, logger: nil) }
            hub.endAll()
            var counts: [Int] = []
            for stream in streams {
                var count = 0
                for await signal in stream { if case .heartbeat = signal { count += 1 } }
                counts.append(count)
            }
            return counts
        }
        let one = try await beats(afterTicks: 1)
        #expect(one.filter { $0 == 1 }.count == 2)
        #expect(one.filter { $0 == 0 }.count == EventHub.slots * 2 - 2)
        #expect(try await beats(afterTicks: EventHub.slots) == Array(repeating: 1, count: EventHub.slots * 2))
    }
}
