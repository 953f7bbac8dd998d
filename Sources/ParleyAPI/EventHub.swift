import Foundation
import Logging
import NIOConcurrencyHelpers
import ParleyStore
import ServiceLifecycle

/// How many event streams an instance keeps open, and how often they beat.
public struct StreamLimits: Sendable {
    /// Open streams per user on this instance; one more is `429 too_many_streams` (0: no limit).
    public var perUser: Int
    /// Open streams on this instance, all users together (0: no limit).
    public var perInstance: Int
    /// How often each stream is sent a keep-alive comment and has its token and access checked again.
    public var heartbeat: Duration

    /// Creates limits; the defaults are the documented ones.
    public init(perUser: Int = 20, perInstance: Int = 2_000, heartbeat: Duration = .seconds(15)) {
        self.perUser = perUser
        self.perInstance = perInstance
        self.heartbeat = heartbeat
    }

    /// The defaults, overridden by `PARLEY_STREAMS_PER_USER` and `PARLEY_STREAMS_PER_INSTANCE`.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Self {
        var limits = StreamLimits()
        if let value = environment["PARLEY_STREAMS_PER_USER"].flatMap({ Int($0) }), value >= 0 {
            limits.perUser = value
        }
        if let value = environment["PARLEY_STREAMS_PER_INSTANCE"].flatMap({ Int($0) }), value >= 0 {
            limits.perInstance = value
        }
        return limits
    }
}

/// Fans the `NOTIFY`s of new plan events out to the event streams open on this instance.
///
/// Each plan with open streams has one feed: a notification makes the feed read the plan's new events once
/// and hand the same records to every stream of the plan, so a busy plan costs one transaction per
/// notification, not one per stream. Heartbeats are spread: the streams (and plans) are dealt into
/// `slots` groups, and each tick of `heartbeat / slots` beats one group, so a thousand streams do not all
/// re-check their tokens in the same instant.
final class EventHub: Sendable {
    /// What a stream is told.
    enum Signal: Sendable {
        /// New events of the plan, oldest first (a stream skips those it has sent already).
        case events([EventRecord])
        /// Time to send a keep-alive and check the token and access again.
        case heartbeat
    }

    private struct Subscriber {
        var user: UUID
        var slot: Int
        var continuation: AsyncStream<Signal>.Continuation
    }

    private struct Feed {
        var org: UUID
        var store: Store
        var slot: Int
        var subscribers: [UUID: Subscriber] = [:]
        /// The newest event handed to the subscribers; nil until the first stream read its backlog.
        var lastSeq: Int64?
        var fetching = false
        var fetchAgain = false
    }

    private struct State {
        var feeds: [UUID: Feed] = [:]
        var streamsPerUser: [UUID: Int] = [:]
        var streams = 0
        var dealt = 0
        var tick = 0
        var feedReads = 0
    }

    private let state = NIOLockedValueBox(State())
    let limits: StreamLimits
    private let instance = UUID()
    static let slots = 15
    static let batchSize = 500
    /// What a refused stream is told to wait: streams come and go, there is no moment a slot surely frees.
    static let retryAfter = RetryAfter(wait: .seconds(30))

    init(limits: StreamLimits = StreamLimits()) {
        self.limits = limits
    }

    private var watchSeconds: Int { Int(limits.heartbeat.components.seconds) * 4 + 5 }

    /// Open streams, for metrics and tests.
    var streamCount: Int { state.withLockedValue { $0.streams } }

    /// Heartbeat ticks so far, for tests (`slots` ticks make one heartbeat interval).
    var ticks: Int { state.withLockedValue { $0.tick } }

    /// Reads of new events the feeds made, for tests (one per notification, however many streams listen).
    var feedReads: Int { state.withLockedValue { $0.feedReads } }

    /// Registers this instance as a watcher of the plan (so its events are announced), for a while longer
    /// than the heartbeat that renews it.
    func watch(org: UUID, plan: UUID, store: Store) async throws {
        try await store.watch(plans: [(org, plan)], instance: instance, seconds: watchSeconds)
    }

    /// Signals for one plan until the returned stream is dropped, or `429 too_many_streams` when the user or
    /// this instance has as many streams open as allowed.
    func subscribe(org: UUID, plan: UUID, user: UUID, store: Store) throws -> AsyncStream<Signal> {
        let id = UUID()
        let (stream, continuation) = AsyncStream<Signal>.makeStream(bufferingPolicy: .bufferingNewest(64))
        let refusal: String? = state.withLockedValue { state in
            if limits.perInstance > 0, state.streams >= limits.perInstance {
                return "this server has as many event streams open as it allows"
            }
            if limits.perUser > 0, state.streamsPerUser[user, default: 0] >= limits.perUser {
                return "you have as many event streams open as allowed (\(limits.perUser)); close one first"
            }
            state.dealt &+= 1
            let slot = state.dealt % Self.slots
            state.feeds[plan, default: Feed(org: org, store: store, slot: slot)].subscribers[id] = Subscriber(
                user: user, slot: slot, continuation: continuation)
            state.streamsPerUser[user, default: 0] += 1
            state.streams += 1
            return nil
        }
        if let refusal {
            continuation.finish()
            throw Problem.tooManyRequests("too_many_streams", refusal, retryAfter: Self.retryAfter)
        }
        continuation.onTermination = { [weak self] _ in self?.unsubscribe(plan: plan, id: id) }
        return stream
    }

    private func unsubscribe(plan: UUID, id: UUID) {
        state.withLockedValue { state in
            guard let subscriber = state.feeds[plan]?.subscribers.removeValue(forKey: id) else { return }
            state.streams -= 1
            let left = state.streamsPerUser[subscriber.user, default: 1] - 1
            state.streamsPerUser[subscriber.user] = left > 0 ? left : nil
            if state.feeds[plan]?.subscribers.isEmpty == true { state.feeds[plan] = nil }
        }
    }

    /// A stream has sent the plan's log up to `seq`; the feed starts from there if it has no position yet.
    func caughtUp(plan: UUID, seq: Int64) {
        state.withLockedValue { state in
            if state.feeds[plan] != nil, state.feeds[plan]?.lastSeq == nil { state.feeds[plan]?.lastSeq = seq }
        }
    }

    /// Handles a `NOTIFY` payload `<plan_id>:<seq>`.
    func publish(payload: String, logger: Logger? = nil) {
        let parts = payload.split(separator: ":")
        guard parts.count == 2, let plan = UUID(uuidString: String(parts[0])), let seq = Int64(parts[1]), seq > 0 else {
            return
        }
        let start = state.withLockedValue { state -> Bool in
            guard var feed = state.feeds[plan] else { return false }
            defer { state.feeds[plan] = feed }
            let last = feed.lastSeq ?? (seq - 1)
            feed.lastSeq = last
            guard seq > last else { return false }
            return Self.claimFetch(&feed)
        }
        if start { Task { await self.fetch(plan: plan, logger: logger) } }
    }

    /// Marks a fetch as started, or asks the running one to read once more.
    private static func claimFetch(_ feed: inout Feed) -> Bool {
        if feed.fetching {
            feed.fetchAgain = true
            return false
        }
        feed.fetching = true
        feed.fetchAgain = false
        return true
    }

    /// Reads the plan's new events until none are left and hands them to every stream of the plan.
    private func fetch(plan: UUID, logger: Logger?) async {
        while true {
            let target = state.withLockedValue { state -> (org: UUID, store: Store, after: Int64)? in
                guard let feed = state.feeds[plan], let last = feed.lastSeq else {
                    state.feeds[plan]?.fetching = false
                    return nil
                }
                state.feedReads += 1
                return (feed.org, feed.store, last)
            }
            guard let target else { return }
            let batch: [EventRecord]
            do {
                batch = try await target.store.feedEvents(
                    org: target.org, plan: plan, after: target.after, limit: Self.batchSize)
            } catch {
                logger?.warning("could not read new events", metadata: ["plan_id": "\(plan)", "error": "\(error)"])
                state.withLockedValue { $0.feeds[plan]?.fetching = false }
                return
            }
            // Handed out under the lock, so batches reach every stream in order even when the next fetch
            // starts the moment this one lets go (yielding only enqueues; it never calls back into the hub).
            let again = state.withLockedValue { state -> Bool in
                guard var feed = state.feeds[plan] else { return false }
                defer { state.feeds[plan] = feed }
                if let newest = batch.last?.seq, newest > (feed.lastSeq ?? 0) { feed.lastSeq = newest }
                let again = batch.count == Self.batchSize || feed.fetchAgain
                feed.fetchAgain = false
                if !again { feed.fetching = false }
                if !batch.isEmpty {
                    for subscriber in feed.subscribers.values { subscriber.continuation.yield(.events(batch)) }
                }
                return again
            }
            if !again { return }
        }
    }

    /// One tick: beats one slot's streams, re-reads that slot's plans (so an announcement lost in a race
    /// costs at most one heartbeat) and renews their watcher rows.
    func tick(store: Store?, logger: Logger?) async {
        let (beating, plans) = state.withLockedValue { state -> ([AsyncStream<Signal>.Continuation], [(UUID, UUID)]) in
            state.tick &+= 1
            let slot = state.tick % Self.slots
            var beating: [AsyncStream<Signal>.Continuation] = []
            var plans: [(UUID, UUID)] = []
            for (plan, feed) in state.feeds {
                beating += feed.subscribers.values.filter { $0.slot == slot }.map(\.continuation)
                if feed.slot == slot { plans.append((feed.org, plan)) }
            }
            return (beating, plans)
        }
        for continuation in beating { continuation.yield(.heartbeat) }
        for (_, plan) in plans {
            let start = state.withLockedValue { state -> Bool in
                guard var feed = state.feeds[plan], feed.lastSeq != nil else { return false }
                defer { state.feeds[plan] = feed }
                return Self.claimFetch(&feed)
            }
            if start { await fetch(plan: plan, logger: logger) }
        }
        guard let store, !plans.isEmpty else { return }
        do {
            try await store.watch(
                plans: plans.map { (org: $0.0, plan: $0.1) }, instance: instance, seconds: watchSeconds)
        } catch {
            logger?.warning("could not renew stream watchers", metadata: ["error": "\(error)"])
        }
    }
}

/// Runs the hub's heartbeat: it keeps idle streams open, has them re-check their tokens, lets plans re-read
/// their table, and renews this instance's watcher rows.
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
        let interval = limits.heartbeat / Self.slots
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            // Returns early on graceful shutdown, so SIGTERM is not held up by a sleeping heartbeat.
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            if Task.isShuttingDownGracefully || Task.isCancelled { break }
            await tick(store: store, logger: logger)
        }
        endAll()
    }

    /// Ends every open stream (graceful shutdown).
    func endAll() {
        let all = state.withLockedValue { $0.feeds.values.flatMap { $0.subscribers.values.map(\.continuation) } }
        for continuation in all { continuation.finish() }
    }
}
