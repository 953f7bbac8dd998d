import Foundation
import NIOConcurrencyHelpers
import ServiceLifecycle

/// Fans the `NOTIFY`s of new plan events out to the event streams open on this instance, and ticks every
/// stream now and then so idle connections stay open through proxies.
final class EventHub: Sendable {
    /// What a stream is told.
    enum Signal: Sendable {
        /// The plan has an event with this sequence number (or newer).
        case event(Int64)
        /// Nothing happened; say so to keep the connection alive.
        case heartbeat
    }

    private let subscribers = NIOLockedValueBox<[UUID: [UUID: AsyncStream<Signal>.Continuation]]>([:])
    private let heartbeatInterval: Duration

    init(heartbeatInterval: Duration = .seconds(15)) {
        self.heartbeatInterval = heartbeatInterval
    }

    /// Open streams, for metrics and tests.
    var streamCount: Int { subscribers.withLockedValue { $0.values.reduce(0) { $0 + $1.count } } }

    /// Signals for one plan until the returned stream is dropped.
    func subscribe(plan: UUID) -> AsyncStream<Signal> {
        let id = UUID()
        let (stream, continuation) = AsyncStream<Signal>.makeStream(bufferingPolicy: .bufferingNewest(16))
        continuation.onTermination = { [weak self] _ in
            self?.subscribers.withLockedValue { subscribers in
                subscribers[plan]?[id] = nil
                if subscribers[plan]?.isEmpty == true { subscribers[plan] = nil }
            }
        }
        subscribers.withLockedValue { $0[plan, default: [:]][id] = continuation }
        return stream
    }

    /// Handles a `NOTIFY` payload `<plan_id>:<seq>`.
    func publish(payload: String) {
        let parts = payload.split(separator: ":")
        guard parts.count == 2, let plan = UUID(uuidString: String(parts[0])), let seq = Int64(parts[1]) else { return }
        let targets = subscribers.withLockedValue { Array(($0[plan] ?? [:]).values) }
        for continuation in targets { continuation.yield(.event(seq)) }
    }

    private func heartbeat() {
        let targets = subscribers.withLockedValue { $0.values.flatMap(\.values) }
        for continuation in targets { continuation.yield(.heartbeat) }
    }
}

extension EventHub: Service {
    /// Sends heartbeats until graceful shutdown, then ends every stream so the server can drain.
    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            try? await Task.sleep(for: heartbeatInterval)
            heartbeat()
        }
        let all = subscribers.withLockedValue { $0.values.flatMap(\.values) }
        for continuation in all { continuation.finish() }
    }
}
