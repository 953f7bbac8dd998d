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

    func register(_ routes: inout Routes) {
        routes.get("/healthz") { _, _ in try JSONResponse.make(["status": "ok"]) }
        routes.get("/readyz") { _, context in
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
            return try JSONResponse.make(["status": "ready"])
        }
        routes.get("/metrics") { _, _ in
            let usage = store.pool.usage
            Gauge(label: "parley_db_pool_connections", dimensions: [("state", "in_use")]).record(usage.inUse)
            Gauge(label: "parley_db_pool_connections", dimensions: [("state", "idle")]).record(usage.idle)
            var buffer: [UInt8] = []
            registry.emit(into: &buffer)
            return Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
        }
        routes.get("/openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
        }
    }
}
