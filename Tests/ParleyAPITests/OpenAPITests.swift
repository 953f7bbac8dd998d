import Foundation
import HTTPTypes
import ParleyTestSupport
import Testing

@Suite("OpenAPI document")
struct OpenAPITests {
    /// Every path of the contract with the methods it answers (lowercase, as OpenAPI spells them).
    static let contractPaths: [String: Set<String>] = [
        "/healthz": ["get"],
        "/readyz": ["get"],
        "/metrics": ["get"],
        "/openapi.json": ["get"],
        "/v1/me": ["get"],
        "/v1/sessions": ["post"],
        "/v1/sessions/current": ["delete"],
        "/v1/users": ["get", "post"],
        "/v1/users/{id}": ["get", "patch"],
        "/v1/users/{id}/tokens": ["post"],
        "/v1/units": ["get", "post"],
        "/v1/units/{id}": ["get", "patch"],
        "/v1/plans": ["get", "post"],
        "/v1/plans/{id}": ["get", "patch"],
        "/v1/plans/{id}/transitions": ["post"],
        "/v1/plans/{id}/goals": ["get"],
        "/v1/plans/{id}/goals/{unit_id}": ["put"],
        "/v1/plans/{id}/assignments": ["get"],
        "/v1/plans/{id}/assignments/{rep_id}": ["get"],
        "/v1/plans/{id}/assignments/{rep_id}/proposals": ["post"],
        "/v1/plans/{id}/assignments/{rep_id}/proposals/{proposal_id}/accept": ["post"],
        "/v1/plans/{id}/assignments/{rep_id}/revisions": ["get"],
        "/v1/plans/{id}/assignments/{rep_id}/explain": ["get"],
        "/v1/plans/{id}/comments": ["get", "post"],
        "/v1/plans/{id}/approvals": ["get"],
        "/v1/plans/{id}/adjustments": ["get", "post"],
        "/v1/plans/{id}/adjustments/{aid}/approve": ["post"],
        "/v1/plans/{id}/adjustments/{aid}/reject": ["post"],
        "/v1/plans/{id}/adjustments/{aid}/withdraw": ["post"],
        "/v1/funnel/solve": ["post"],
        "/v1/plans/{id}/reconciliation": ["get"],
        "/v1/plans/{id}/breakdown": ["get"],
        "/v1/actuals": ["post"],
        "/v1/plans/{id}/progress": ["get"],
        "/v1/plans/{id}/events": ["get"],
        "/v1/plans/{id}/audit/verify": ["get"],
        "/v1/plans/{id}/stream": ["get"],
        "/v1/plans/{id}/targets.csv": ["get"],
    ]

    /// The operations that need no token (`security: []`).
    static let publicOperations: Set<String> = [
        "get /healthz", "get /readyz", "get /metrics", "get /openapi.json", "post /v1/sessions",
    ]

    static let httpMethods: Set<String> = ["get", "put", "post", "delete", "options", "head", "patch", "trace"]

    @Test("/openapi.json is an OpenAPI 3.1 document with every contract path and its methods")
    func describesEveryPath() async throws {
        try await TestAPI.run { api in
            let response = try await api.request(.get, "/openapi.json")
            #expect(response.status == .ok)
            #expect(response.headers[.contentType] == "application/json")
            let document = try #require(response.json, "the body is not JSON")
            #expect(document["openapi"]?.string == "3.1.0")
            #expect(document["info"]?["title"]?.string?.isEmpty == false)
            let paths = try #require(document["paths"])
            for (path, methods) in Self.contractPaths {
                let item = try #require(paths[path], "\(path) is not documented")
                #expect(Set(item.keys).intersection(Self.httpMethods) == methods, "methods of \(path)")
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
            for (path, methods) in Self.contractPaths {
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
