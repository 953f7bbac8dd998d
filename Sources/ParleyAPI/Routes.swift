import Hummingbird

/// Registers handlers on a router and remembers which methods each path has, so that any other
/// method on a known path answers `405` with an `Allow` header (Hummingbird alone would answer 404).
struct Routes {
    typealias Context = ParleyRequestContext
    typealias Handler = @Sendable (Request, Context) async throws -> Response

    let router: Router<Context>
    private var methods: [String: Set<HTTPRequest.Method>] = [:]
    private var order: [String] = []

    init(router: Router<Context>) {
        self.router = router
    }

    mutating func on(_ method: HTTPRequest.Method, _ path: String, _ handler: @escaping Handler) {
        if methods[path] == nil { order.append(path) }
        methods[path, default: []].insert(method)
        router.on(RouterPath(path), method: method, use: handler)
    }

    mutating func get(_ path: String, _ handler: @escaping Handler) { on(.get, path, handler) }
    mutating func post(_ path: String, _ handler: @escaping Handler) { on(.post, path, handler) }
    mutating func put(_ path: String, _ handler: @escaping Handler) { on(.put, path, handler) }
    mutating func patch(_ path: String, _ handler: @escaping Handler) { on(.patch, path, handler) }
    mutating func delete(_ path: String, _ handler: @escaping Handler) { on(.delete, path, handler) }

    /// Answers every other method on a known path (TRACE, OPTIONS, ...) with `405` and `Allow`; call once,
    /// after every route is registered. The middleware is added last, so it wraps only the router's
    /// not-found responder, which is where a known path with an unknown method lands.
    func finish() {
        let known = order.compactMap { path in
            methods[path].map { KnownPath(pattern: path, allowed: $0) }
        }
        router.add(middleware: MethodNotAllowed(paths: known))
    }
}

/// A registered path and the methods it answers.
struct KnownPath: Sendable {
    let segments: [Substring]
    let allow: String

    init(pattern: String, allowed: Set<HTTPRequest.Method>) {
        segments = pattern.split(separator: "/")
        let order: [HTTPRequest.Method] = [.get, .post, .put, .patch, .delete]
        allow = order.filter(allowed.contains).map(\.rawValue).joined(separator: ", ")
    }

    /// Whether `path` matches, with `:name` segments matching any one segment.
    func matches(_ path: [Substring]) -> Bool {
        path.count == segments.count && zip(segments, path).allSatisfy { $0.hasPrefix(":") || $0 == $1 }
    }
}

/// `405 method_not_allowed` with `Allow` for a method a known path does not answer.
struct MethodNotAllowed<Context: RequestContext>: RouterMiddleware {
    let paths: [KnownPath]

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let path = request.uri.path.split(separator: "/")
        guard let known = paths.first(where: { $0.matches(path) }) else { return try await next(request, context) }
        var problem = Problem(.methodNotAllowed, "method_not_allowed", "allowed methods: \(known.allow)")
        problem.headers[.allow] = known.allow
        throw problem
    }
}
