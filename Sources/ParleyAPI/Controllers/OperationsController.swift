import Foundation
import Hummingbird
import Metrics
import ParleyStore
import Prometheus

/// `/healthz`, `/readyz`, `/metrics`, `/openapi.json`: no token needed.
struct OperationsController {
    let store: Store
    let migrations: Migrations
    let registry: PrometheusCollectorRegistry
    let document: OpenAPIDocument

    var endpoints: RouteCollection<ParleyRequestContext> {
        RouteCollection(context: ParleyRequestContext.self)
            .get("healthz", use: health)
            .get("readyz", use: readiness)
            .get("metrics", use: metrics)
            .get("openapi.json", use: openAPI)
    }

    @Sendable func health(_ request: Request, context: ParleyRequestContext) -> [String: String] { ["status": "ok"] }

    @Sendable func readiness(_ request: Request, context: ParleyRequestContext) async throws -> [String: String] {
        let current: Bool
        do {
            current = try await migrations.isCurrent(on: store.pool)
        } catch {
            context.logger.warning("readiness check failed", metadata: ["error": "\(error)"])
            current = false
        }
        guard current else {
            throw Problem(.serviceUnavailable, "not_ready", "the database is unreachable or its migrations are not current")
        }
        return ["status": "ready"]
    }

    @Sendable func metrics(_ request: Request, context: ParleyRequestContext) -> Response {
        let usage = store.pool.usage
        Gauge(label: "parley_db_pool_connections", dimensions: [("state", "in_use")]).record(usage.inUse)
        Gauge(label: "parley_db_pool_connections", dimensions: [("state", "idle")]).record(usage.idle)
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
    }

    @Sendable func openAPI(_ request: Request, context: ParleyRequestContext) -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/json"],
            body: .init(byteBuffer: ByteBuffer(bytes: document.bytes)))
    }
}
