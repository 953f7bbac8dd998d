import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import ParleyAPI
import ParleyStore
import ParleyTestSupport
import Testing

/// A plain TCP connection to the server that records what it receives and when it is closed.
struct RawConnection: Sendable {
    private final class Recorder: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        let received: NIOLockedValueBox<String>
        let lastReadAt: NIOLockedValueBox<ContinuousClock.Instant?>
        init(_ received: NIOLockedValueBox<String>, _ lastReadAt: NIOLockedValueBox<ContinuousClock.Instant?>) {
            self.received = received
            self.lastReadAt = lastReadAt
        }
        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let buffer = unwrapInboundIn(data)
            received.withLockedValue { $0 += String(buffer: buffer) }
            lastReadAt.withLockedValue { $0 = .now }
        }
    }

    let channel: any Channel
    let received: NIOLockedValueBox<String>
    let lastReadAt: NIOLockedValueBox<ContinuousClock.Instant?>
    let closedAt = NIOLockedValueBox<ContinuousClock.Instant?>(nil)

    static func connect(port: Int) async throws -> RawConnection {
        let received = NIOLockedValueBox("")
        let lastReadAt = NIOLockedValueBox<ContinuousClock.Instant?>(nil)
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Recorder(received, lastReadAt))
                }
            }
            .connect(host: "127.0.0.1", port: port).get()
        let connection = RawConnection(channel: channel, received: received, lastReadAt: lastReadAt)
        channel.closeFuture.whenComplete { _ in connection.closedAt.withLockedValue { $0 = .now } }
        return connection
    }

    private init(
        channel: any Channel, received: NIOLockedValueBox<String>,
        lastReadAt: NIOLockedValueBox<ContinuousClock.Instant?>
    ) {
        self.channel = channel
        self.received = received
        self.lastReadAt = lastReadAt
    }

    func send(_ text: String) async throws {
        try await channel.writeAndFlush(ByteBuffer(string: text)).get()
    }

    var text: String { received.withLockedValue { $0 } }
    var isClosed: Bool { closedAt.withLockedValue { $0 } != nil }

    /// Waits until `condition` holds, at most `seconds`.
    func wait(seconds: Double, until condition: (RawConnection) -> Bool) async throws {
        let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
        while !condition(self) && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
    }
}

@Suite("HTTP timeouts of the real server")
struct HTTPTimeoutTests {
    static func configuration(idle: Duration) -> ServerConfiguration {
        ServerConfiguration(
            host: "127.0.0.1", port: 0, databaseURL: TestDatabase.conninfo, poolSize: 2, bcryptCost: 4,
            streams: StreamLimits(heartbeat: .milliseconds(300)), idleTimeout: idle)
    }

    @Test(
        "a client that connects and sends nothing, or never finishes its header, is disconnected after the idle timeout"
    )
    func silentClientIsDisconnected() async throws {
        _ = try await TestDatabase.pool()
        let app = try buildApplication(Self.configuration(idle: .seconds(1)), logger: Logger(label: "test"))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let start = ContinuousClock.now
            let silent = try await RawConnection.connect(port: port)
            let partial = try await RawConnection.connect(port: port)
            try await partial.send("GET /healthz HTTP/1.1\r\nHost: parley\r\n")
            try await silent.wait(seconds: 10) { $0.isClosed }
            try await partial.wait(seconds: 10) { $0.isClosed }
            for connection in [silent, partial] {
                let closedAt = try #require(
                    connection.closedAt.withLockedValue { $0 }, "the server kept the socket open")
                #expect(closedAt - start >= .milliseconds(800))
            }
            #expect(partial.text.isEmpty)

            // A client that asks gets its answer, and the connection is kept alive for another request.
            let polite = try await RawConnection.connect(port: port)
            try await polite.send("GET /healthz HTTP/1.1\r\nHost: parley\r\n\r\n")
            try await polite.wait(seconds: 5) { $0.text.contains("\r\n\r\n") }
            #expect(polite.text.hasPrefix("HTTP/1.1 200"))
            try await polite.wait(seconds: 10) { $0.isClosed }
            let answered = try #require(polite.lastReadAt.withLockedValue { $0 })
            let closed = try #require(
                polite.closedAt.withLockedValue { $0 }, "an idle keep-alive connection stayed open")
            #expect(closed - answered >= .milliseconds(800), "closed before it had been idle for the timeout")
        }
    }

    @Test("an event stream outlives the idle timeout many times over while it sends heartbeats")
    func streamIsNotCut() async throws {
        _ = try await TestDatabase.pool()
        let app = try buildApplication(Self.configuration(idle: .seconds(1)), logger: Logger(label: "test"))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            try await TestAPI.run(today: PlanFixture.today) { api in
                let fixture = try await PlanFixture.make(api, stage: .proposed)
                let stream = try await RawConnection.connect(port: port)
                let token = fixture.leader.token
                try await stream.send(
                    "GET \(fixture.path)/stream HTTP/1.1\r\nHost: parley\r\nAuthorization: Bearer \(token)\r\n\r\n")
                try await stream.wait(seconds: 5) { $0.text.contains("\nid: ") || $0.isClosed }
                #expect(stream.text.hasPrefix("HTTP/1.1 200"))
                try await Task.sleep(for: .seconds(3))
                #expect(!stream.isClosed, "the idle timeout cut an open stream")
                #expect(stream.text.contains(": keep-alive"))
                let posted = try await api.request(
                    .post, "\(fixture.path)/comments", token: fixture.manager.token, json: ["body": "Past the timeout"])
                #expect(posted.status == .created)
                try await stream.wait(seconds: 10) { $0.text.contains("event: comment.created") }
                #expect(stream.text.contains("event: comment.created"))
                try await stream.channel.close()
            }
        }
    }
}
