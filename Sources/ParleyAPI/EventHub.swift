import Foundation
import Logging
import NIOConcurrencyHelpers
import ParleyStore
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
    private let orgs = NIOLockedValueBox<[UUID: UUID]>([:])
    private let heartbeatInterval: Duration
    private let instance = UUID()

    init(heartbeatInterval: Duration = .seconds(15)) {
        self.heartbeatInterval = heartbeatInterval
    }

    /// Registers this instance as a watcher of the plan (so its events are announced), for a while longer
    /// than the heartbeat that renews it.
    func watch(org: UUID, plan: UUID, store: Store) async throws {
        orgs.withLockedValue { $0[plan] = org }
        try await store.watch(plans: [(org, plan)], instance: instance, seconds: watchSeconds)
    }

    private var watchSeconds: Int { Int(heartbeatInterval.components.seconds) * 4 + 5 }

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

    private func heartbeat(store: Store?, logger: Logger?) async {
        let (targets, watched) = subscribers.withLockedValue { ($0.values.flatMap(\.values), Array($0.keys)) }
        for continuation in targets { continuation.yield(.heartbeat) }
        guard let store, !watched.isEmpty else { return }
        let plans = orgs.withLockedValue { orgs in watched.compactMap { plan in orgs[plan].map { ($0, plan) } } }
        do {
            try await store.watch(plans: plans, instance: instance, seconds: watchSeconds)
        } catch {
            logger?.warning("could not renew stream watchers", metadata: ["error": "\(error)"])
        }
    }
}

/// Runs the hub's heartbeat: it keeps idle streams open, lets streams re-read their plan's table (so an
/// announcement lost in a race costs at most one interval), and renews this instance's watcher rows.
struct EventHubService: Service {
    let hub: EventHub
    let store: Store
    let logger: Logger

    /// Beats until graceful shutdown, then ends every stream so the server can drain.
    func run() async throws {
        try await hub.run(store: store, logger: logger)
    }
}

extension EventHub {
    func run(store: Store?, logger: Logger?) async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            // Returns early on graceful shutdown, so SIGTERM is not held up by a sleeping heartbeat.
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.heartbeatInterval) }
            if Task.isShuttingDownGracefully { break }
            await heartbeat(store: store, logger: logger)
        }
        let all = subscribers.withLockedValue { $0.values.flatMap(\.values) }
        for continuation in all { continuation.finish() }
    }
}
