import Hummingbird
import NIOCore
import ParleyStore

/// Per-request state of every route: Hummingbird's core (logger with request id, route parameters), the
/// connection's peer, and the caller once `Authentication` has resolved a bearer token.
public struct ParleyRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Set by `Authentication` when the request carried a valid bearer token; routes read it through
    /// `AuthenticatedContext`, never from here.
    var caller: Caller?
    var token: String?
    /// Nil in router-only tests, which have no connection.
    public let remoteAddress: SocketAddress?

    public init(source: Source) {
        self.coreContext = .init(source: source)
        self.remoteAddress = source.channel.remoteAddress
    }

    /// Bodies over 1 MiB are refused with `413 payload_too_large`.
    public var maxUploadSize: Int { Limits.maximumBodySize }
    public var requestDecoder: StrictRequestDecoder { StrictRequestDecoder() }
    public var responseEncoder: JSONResponseEncoder { JSONResponseEncoder() }
}

/// The context of every route under `/v1` but sign-in: a caller is always there, so a handler cannot
/// forget authentication. Building it fails with `401 unauthenticated` when the request has no valid token.
public struct AuthenticatedContext: ChildRequestContext {
    public var coreContext: CoreRequestContextStorage
    /// Who is calling.
    public let caller: Caller
    /// The bearer token presented (for sign-out and a stream's re-checks).
    let token: String
    let remoteAddress: SocketAddress?

    public init(context: ParleyRequestContext) throws {
        guard let caller = context.caller, let token = context.token else { throw Problem.unauthenticated }
        self.coreContext = context.coreContext
        self.caller = caller
        self.token = token
        self.remoteAddress = context.remoteAddress
    }

    public var maxUploadSize: Int { Limits.maximumBodySize }
    public var requestDecoder: StrictRequestDecoder { StrictRequestDecoder() }
    public var responseEncoder: JSONResponseEncoder { JSONResponseEncoder() }
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
