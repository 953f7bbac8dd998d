import Foundation
import HTTPTypes
import Hummingbird
import ServiceLifecycle
import Logging
import ParleyStore

/// `GET /v1/plans/{id}/stream`: the plan's events as server-sent events, as they happen on any instance.
///
/// Resumes after `Last-Event-ID` (or `?after=`) without gaps: the stream subscribes to the plan's feed
/// before it reads the backlog, and whenever the feed hands it events that do not follow the last one it
/// sent, it reads the missing ones from the table itself. `?limit=N` closes the stream after N events (for
/// scripts and tests). On every heartbeat the stream authenticates its token again and checks that the
/// caller may still read the plan; when not (signed out, revoked, expired, role or unit changed) it ends.
struct StreamController {
    let store: Store
    let hub: EventHub
    let authentication: AuthenticationCache

    var endpoints: RouteCollection<AuthenticatedContext> {
        RouteCollection(context: AuthenticatedContext.self)
            .get("plans/:id/stream", use: stream)
    }

    @Sendable func stream(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let caller = context.caller
        let token = context.token
        let plan = try context.id("id")
        let query = request.uri.queryParameters
        let resumeFrom = request.headers[HTTPField.Name("Last-Event-ID")!] ?? query["after"].map(String.init)
        var after: Int64 = 0
        if let resumeFrom {
            guard let seq = Int64(resumeFrom), seq >= 0 else {
                throw Problem.invalid("Last-Event-ID", "must be an event seq")
            }
            after = seq
        }
        var limit = Int.max
        if let text = query["limit"] {
            guard let value = Int(String(text)), value >= 1 else {
                throw Problem.invalid("limit", "must be a positive integer")
            }
            limit = value
        }
        // Access first (403/404), then the caps (429): subscribe, watch, and only then read the backlog,
        // so no event committed after the backlog read goes unannounced.
        _ = try await store.events(caller: caller, plan: plan, after: Int64.max - 1, limit: 1)
        let signals = try hub.subscribe(org: caller.orgID, plan: plan, user: caller.userID, store: store)
        try await hub.watch(org: caller.orgID, plan: plan, store: store)
        let first = try await store.events(caller: caller, plan: plan, after: after, limit: EventHub.batchSize)
        let session = StreamSession(
            store: store, hub: hub, authentication: authentication, token: token, plan: plan, caller: caller,
            last: after, maximum: limit, logger: context.logger)
        return Response(
            status: .ok,
            headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
            body: ResponseBody { writer in
                var session = session
                // The HTTP server drains before the services behind it stop, so a stream must end on the
                // server's own graceful shutdown; waiting for EventHubService's would never come.
                try await withGracefulShutdownHandler {
                    try await session.run(first: first, signals: signals, writer: &writer)
                } onGracefulShutdown: { [hub] in
                    hub.endAll()
                }
                try await writer.finish(nil)
            })
    }

    static func frame(_ event: EventRecord) throws -> String {
        let data = String(decoding: try JSONWriter.encode(EventBody(event)), as: UTF8.self)
        return "id: \(event.seq)\nevent: \(event.kind)\ndata: \(data)\n\n"
    }
}

/// One open stream: what it has sent and who it streams for.
private struct StreamSession {
    let store: Store
    let hub: EventHub
    let authentication: AuthenticationCache
    let token: String
    let plan: UUID
    var caller: Caller
    var last: Int64
    let maximum: Int
    let logger: Logger
    var sent = 0

    mutating func run(
        first: [EventRecord], signals: AsyncStream<EventHub.Signal>, writer: inout any ResponseBodyWriter
    ) async throws {
        try await send(first, writer: &writer)
        if first.count == EventHub.batchSize { try await catchUp(writer: &writer) }
        hub.caughtUp(plan: plan, seq: last)
        guard sent < maximum else { return }
        for await signal in signals {
            switch signal {
            case .heartbeat:
                try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                if let reason = await mayNoLongerRead() {
                    try await writer.write(ByteBuffer(string: ": closed: \(reason)\n\n"))
                    return
                }
            case .events(let records):
                guard let next = records.first(where: { $0.seq > last }) else { continue }
                // Events the feed handed out before this stream joined, or dropped while it was slow.
                if next.seq - 1 > last { try await catchUp(writer: &writer) }
                try await send(records.filter { $0.seq > last }, writer: &writer)
            }
            if sent >= maximum { return }
        }
    }

    /// Writes events in order, up to the stream's limit.
    private mutating func send(_ events: [EventRecord], writer: inout any ResponseBodyWriter) async throws {
        for event in events.prefix(maximum - sent) where event.seq > last {
            try await writer.write(ByteBuffer(string: try StreamController.frame(event)))
            last = event.seq
            sent += 1
        }
    }

    /// Reads and sends the plan's log after the last event sent, to its end.
    private mutating func catchUp(writer: inout any ResponseBodyWriter) async throws {
        while sent < maximum {
            let batch = try await store.events(caller: caller, plan: plan, after: last, limit: EventHub.batchSize)
            try await send(batch, writer: &writer)
            if batch.count < EventHub.batchSize { return }
        }
    }

    /// Why the stream must end now, or nil while its token still works and may read the plan.
    private mutating func mayNoLongerRead() async -> String? {
        do {
            guard let fresh = try await authentication.caller(for: token, lookup: store.authenticate(token:)) else {
                return "unauthenticated"
            }
            try await store.requireStreamReader(caller: fresh, plan: plan)
            caller = fresh
            return nil
        } catch StoreError.forbidden {
            return "forbidden"
        } catch StoreError.notFound {
            return "not_found"
        } catch {
            // Failing closed: a client reconnects (EventSource does so by itself) and is checked afresh.
            logger.warning("stream access check failed", metadata: ["error": "\(error)"])
            return "error"
        }
    }
}
