import Foundation
import HTTPTypes
import ParleyTestSupport
import Testing

@Suite("operations endpoints")
struct OperationsTests {
    @Test("healthz, readyz, metrics and openapi.json need no token")
    func operations() async throws {
        try await TestAPI.run { api in
            #expect(try await api.request(.get, "/healthz").status == .ok)
            #expect(try await api.request(.get, "/readyz").status == .ok)
            let metrics = try await api.request(.get, "/metrics")
            #expect(metrics.status == .ok)
            #expect(metrics.body.contains("parley_db_pool_connections"))
            let openapi = try await api.request(.get, "/openapi.json")
            // Raw JSON: the document is no response schema of its own; its one member read here is its version.
            #expect(openapi.json?["openapi"]?.string == "3.1.0")
        }
    }

    @Test("an unsupported method on a known path is 405 with Allow")
    func methodNotAllowed() async throws {
        try await TestAPI.run { api in
            let response = try await api.request(.delete, "/v1/units")
            #expect(response.status == .methodNotAllowed)
            #expect(response.headers[.allow] == "GET, POST")
            #expect(response.headers[.contentType] == "application/problem+json")
            #expect(response.code == "method_not_allowed")
        }
    }
}
