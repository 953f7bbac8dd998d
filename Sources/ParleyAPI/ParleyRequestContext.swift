import Hummingbird
import NIOCore
import ParleyStore

/// Per-request state: Hummingbird's core (logger with request id, route parameters) and the caller.
public struct ParleyRequestContext: RequestContext, RemoteAddressRequestContext {
    /// Hummingbird's storage.
    public var coreContext: CoreRequestContextStorage
    /// The authenticated caller, when the request carried a valid bearer token.
    public var caller: Caller?
    /// The bearer token the caller presented.
    var token: String?
    /// The peer address of the connection (nil in router-only tests).
    public let remoteAddress: SocketAddress?

    /// Creates the context for a new request.
    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }

    /// Bodies over 1 MiB are refused with `413 payload_too_large`.
    public var maxUploadSize: Int { Limits.maximumBodySize }

    /// The caller, or `401 unauthenticated`.
    func requireCaller() throws -> Caller {
        guard let caller else { throw Problem.unauthenticated }
        return caller
    }
}

/// Limits of the HTTP API.
enum Limits {
    /// Largest accepted request body.
    static let maximumBodySize = 1 << 20
    /// Default page size of lists.
    static let defaultPageSize = 50
    /// Largest page size of lists.
    static let maximumPageSize = 500
}
