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

    /// Adds the 405 responders; call once after every route is registered.
    func finish() {
        let candidates: [HTTPRequest.Method] = [.get, .post, .put, .patch, .delete]
        for path in order {
            let allowed = methods[path]!
            let allow = candidates.filter(allowed.contains).map(\.rawValue).joined(separator: ", ")
            for method in candidates where !allowed.contains(method) {
                router.on(RouterPath(path), method: method) { _, _ -> Response in
                    var problem = Problem(.methodNotAllowed, "method_not_allowed", "allowed methods: \(allow)")
                    problem.headers[.allow] = allow
                    throw problem
                }
            }
        }
    }
}
