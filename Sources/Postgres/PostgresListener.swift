import Foundation
import Logging
import NIOConcurrencyHelpers
import ServiceLifecycle

/// `LISTEN`s on one channel over a dedicated connection and thread, and hands every payload to `deliver`.
///
/// One per process: every server instance hears every `NOTIFY`, so clients connected to any instance see
/// what happened on any other. The connection must reach PostgreSQL directly (or through a pooler in
/// session mode): a `LISTEN` lives in one server session, which transaction pooling does not keep. A broken connection is replaced after a short pause; payloads sent while
/// it was down are lost, which is why subscribers treat a payload as a hint and read the truth from tables.
public final class PostgresListener: Sendable {
    private let conninfo: String
    private let channel: String
    private let logger: Logger
    private let deliver: @Sendable (String) -> Void
    private let stopped = NIOLockedValueBox(false)
    private let listening = NIOLockedValueBox(false)
    private let finished = NIOLockedValueBox<[CheckedContinuation<Void, Never>]?>([])

    /// Starts listening at once.
    public init(conninfo: String, channel: String, logger: Logger, deliver: @escaping @Sendable (String) -> Void) {
        self.conninfo = PostgresPool.withConnectTimeout(conninfo)
        self.channel = channel
        self.logger = logger
        self.deliver = deliver
        let thread = Thread { [self] in loop() }
        thread.name = "parley-listen"
        thread.start()
    }

    /// Stops listening and waits until the thread let go of its connection.
    public func close() async {
        stopped.withLockedValue { $0 = true }
        await withCheckedContinuation { continuation in
            let done = finished.withLockedValue { waiters -> Bool in
                guard waiters != nil else { return true }
                waiters!.append(continuation)
                return false
            }
            if done { continuation.resume() }
        }
    }

    private var isStopped: Bool { stopped.withLockedValue { $0 } }

    /// Whether the `LISTEN` is in place right now.
    public var isListening: Bool { listening.withLockedValue { $0 } }

    private func loop() {
        defer {
            let waiters = finished.withLockedValue { waiters -> [CheckedContinuation<Void, Never>] in
                defer { waiters = nil }
                return waiters ?? []
            }
            for waiter in waiters { waiter.resume() }
        }
        while !isStopped {
            do {
                let connection = try PostgresConnection(conninfo: conninfo)
                // The channel is a fixed identifier chosen by the caller, never user input.
                try connection.execute(raw: "LISTEN \(channel)")
                listening.withLockedValue { $0 = true }
                defer { listening.withLockedValue { $0 = false } }
                while !isStopped {
                    for notification in try connection.notifications(timeout: 250) { deliver(notification.payload) }
                }
            } catch {
                logger.warning("LISTEN connection lost; reconnecting", metadata: ["error": "\(error)"])
                Thread.sleep(forTimeInterval: 1)
            }
        }
    }
}

extension PostgresListener: Service {
    /// Runs until graceful shutdown, then stops listening.
    public func run() async throws {
        try? await gracefulShutdown()
        await close()
    }
}
