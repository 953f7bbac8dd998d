import Foundation
import HTTPTypes
import Hummingbird
import ParleyStore

/// `GET /v1/plans/{id}/stream`: the plan's events as server-sent events, as they happen on any instance.
///
/// Resumes after `Last-Event-ID` (or `?after=`) without gaps: the stream subscribes to notifications
/// before it reads the backlog, and every notification only says "read the table again from the last
/// event sent". `?limit=N` closes the stream after N events (for scripts and tests).
struct StreamController {
    let store: Store
    let hub: EventHub

    func register(_ routes: inout Routes) {
        routes.get("/v1/plans/:plan/stream") { request, context in
            let caller = try context.requireCaller()
            let plan = try context.id("plan")
            let query = request.uri.queryParameters
            let resumeFrom = request.headers[HTTPField.Name("Last-Event-ID")!] ?? query["after"].map(String.init)
            var after: Int64 = 0
            if let resumeFrom {
                guard let seq = Int64(resumeFrom), seq >= 0 else { throw Problem.invalid("Last-Event-ID", "must be an event seq") }
                after = seq
            }
            var limit = Int.max
            if let text = query["limit"] {
                guard let value = Int(String(text)), value >= 1 else { throw Problem.invalid("limit", "must be a positive integer") }
                limit = value
            }
            // Access first (403/404), then: watch, subscribe, and only then read the backlog, so no event
            // committed after the backlog read goes unannounced.
            _ = try await store.events(caller: caller, plan: plan, after: Int64.max - 1, limit: 1)
            try await hub.watch(org: caller.orgID, plan: plan, store: store)
            let signals = hub.subscribe(plan: plan)
            let first = try await store.events(caller: caller, plan: plan, after: after, limit: 500)
            let store = self.store
            let (start, maximum) = (after, limit)
            return Response(
                status: .ok,
                headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"],
                body: ResponseBody { writer in
                    var last = start
                    var sent = 0
                    var batch = first
                    func drain(_ writer: inout any ResponseBodyWriter) async throws {
                        while !batch.isEmpty && sent < maximum {
                            for event in batch.prefix(maximum - sent) {
                                try await writer.write(ByteBuffer(string: try Self.frame(event)))
                                last = event.seq
                                sent += 1
                            }
                            batch = batch.count < 500 ? [] : try await store.events(caller: caller, plan: plan, after: last, limit: 500)
                        }
                    }
                    try await drain(&writer)
                    if sent < maximum {
                        for await signal in signals {
                            switch signal {
                            case .heartbeat:
                                try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                                batch = try await store.events(caller: caller, plan: plan, after: last, limit: 500)
                                try await drain(&writer)
                            case .event(let seq) where seq > last:
                                batch = try await store.events(caller: caller, plan: plan, after: last, limit: 500)
                                try await drain(&writer)
                            case .event:
                                break
                            }
                            if sent >= maximum { break }
                        }
                    }
                    try await writer.finish(nil)
                })
        }
    }

    static func frame(_ event: EventRecord) throws -> String {
        let data = String(decoding: try JSONWriter.encode(EventBody(event)), as: UTF8.self)
        return "id: \(event.seq)\nevent: \(event.kind)\ndata: \(data)\n\n"
    }
}
