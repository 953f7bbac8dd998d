import Foundation
import HTTPTypes
import Logging
import ParleyAPI
import ParleyStore
import Postgres
import ParleyTestSupport
import Testing

// These tests walk the OpenAPI document itself, whose shape is JSON Schema rather than one of the API's response
// schemas, so they read it as raw JSON.
@Suite("OpenAPI document")
struct OpenAPITests {
    /// Every route the router registered, as OpenAPI spells it (`/v1/plans/{id}` and lowercase methods),
    /// but the web application's own (`/` and its assets), which are not part of the API.
    static func registeredRoutes() throws -> [String: Set<String>] {
        let conninfo = "host=127.0.0.1 port=1 dbname=unused"
        let router = buildRouter(
            store: Store(pool: PostgresPool(conninfo: conninfo, size: 1)),
            migrations: try Migrations(folder: Migrations.defaultFolder()), bcryptCost: 4,
            events: EventStreams(conninfo: conninfo, logger: Logger(label: "test")), openAPI: try .bundled())
        var routes: [String: Set<String>] = [:]
        for route in router.routes {
            let path = route.path.description
            guard path != "/", !path.hasPrefix("/assets/") else { continue }
            routes[path, default: []].insert(route.method.rawValue.lowercased())
        }
        return routes
    }

    /// The operations that need no token (`security: []`).
    static let publicOperations: Set<String> = [
        "get /healthz", "get /readyz", "get /metrics", "get /openapi.json", "post /v1/sessions",
    ]

    static let httpMethods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    @Test("/openapi.json is an OpenAPI 3.1 document whose paths and methods are exactly the router's routes")
    func describesEveryRoute() async throws {
        try await TestAPI.run { api in
            let response = try await api.request(.get, "/openapi.json")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json")
            let document = try #require(response.json, "the body is not JSON")
            #expect(document["openapi"]?.string == "3.1.0")
            #expect(document["info"]?["title"]?.string?.isEmpty == false)
            let paths = try #require(document["paths"])
            var documented: [String: Set<String>] = [:]
            for path in paths.keys {
                documented[path] = Set(paths[path]?.keys ?? []).intersection(Self.httpMethods)
            }
            let routes = try Self.registeredRoutes()
            #expect(routes.count > 30)
            for (path, methods) in routes {
                #expect(documented[path] == methods, "\(path): routed \(methods), documented \(documented[path] ?? [])")
            }
            for (path, methods) in documented {
                #expect(routes[path] == methods, "\(path) is documented but not routed so")
            }
        }
    }

    @Test("bearer auth is global, and the operations that need no token opt out")
    func security() async throws {
        try await TestAPI.run { api in
            let response = try await api.request(.get, "/openapi.json")
            let document = try #require(response.json)
            let scheme = try #require(document["components"]?["securitySchemes"]?["bearer"])
            #expect(scheme["type"]?.string == "http")
            #expect(scheme["scheme"]?.string == "bearer")
            #expect(document["security"]?[0]?.keys == ["bearer"])
            let paths = try #require(document["paths"])
            for (path, methods) in try Self.registeredRoutes() {
                for method in methods {
                    let operation = try #require(paths[path]?[method])
                    let key = "\(method) \(path)"
                    if Self.publicOperations.contains(key) {
                        #expect(operation["security"]?.array.isEmpty == true, "\(key) should need no token")
                    } else {
                        let overridesSecurity = operation["security"] != nil
                        let documents401 = operation["responses"]?["401"] != nil
                        #expect(!overridesSecurity, "\(key) should use the global bearer auth")
                        #expect(documents401, "\(key) should document 401")
                    }
                }
            }
        }
    }

    @Test("every authenticated POST takes Idempotency-Key, operation ids are unique, every $ref resolves")
    func consistency() async throws {
        try await TestAPI.run { api in
            let response = try await api.request(.get, "/openapi.json")
            let document = try #require(response.json)
            let paths = try #require(document["paths"])
            var operationIDs: [String] = []
            for path in paths.keys {
                for method in paths[path]?.keys ?? [] where Self.httpMethods.contains(method) {
                    let operation = try #require(paths[path]?[method])
                    operationIDs.append(operation["operationId"]?.string ?? "")
                    let documentsDefault = operation["responses"]?["default"] != nil
                    #expect(documentsDefault, "\(method) \(path) should document unexpected errors")
                    guard method == "post", !Self.publicOperations.contains("\(method) \(path)") else { continue }
                    let parameters = operation["parameters"]?.array ?? []
                    let takesKey = parameters.contains {
                        $0["$ref"]?.string == "#/components/parameters/IdempotencyKey"
                            || $0["name"]?.string == "Idempotency-Key"
                    }
                    #expect(takesKey, "POST \(path) should take Idempotency-Key")
                }
            }
            #expect(!operationIDs.contains(""))
            #expect(Set(operationIDs).count == operationIDs.count, "operation ids must be unique")

            for reference in Set(references(in: document.value)) {
                #expect(reference.hasPrefix("#/"), "\(reference) is not a local reference")
                var target: JSONObject? = document
                for part in reference.dropFirst(2).split(separator: "/") { target = target?[String(part)] }
                let resolves = target != nil
                #expect(resolves, "\(reference) does not resolve")
            }
        }
    }
}

/// Every `$ref` in a decoded JSON value.
private func references(in value: Any) -> [String] {
    if let object = value as? [String: Any] {
        var found: [String] = []
        if let reference = object["$ref"] as? String { found.append(reference) }
        for member in object.values { found += references(in: member) }
        return found
    }
    if let array = value as? [Any] {
        return array.flatMap { references(in: $0) }
    }
    return []
}
