import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOFoundationCompat

/// A small load generator for Parley's write path: N clients, each a rep posting proposals
/// (12 months × 3 metrics) on their own assignment as fast as the server answers.
@main
struct Bench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parley-bench", abstract: "Measure the proposal write path of a running Parley server.")

    @Option(help: "Server base URL.") var url = "http://127.0.0.1:8080"
    @Option(help: "An admin token of an organization to set up in.") var token: String
    @Option(help: "Concurrent clients (one rep each).") var clients = 32
    @Option(help: "Seconds to measure (after a 3 s warm-up).") var duration = 20
    @Option(help: "Write the reps' ids here, for the pgbench comparison (CSV: n,org,plan,rep).") var repsFile: String?

    func run() async throws {
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(timeout: .init(connect: .seconds(5), read: .seconds(30))))
        do {
            try await measure(http)
            try await http.shutdown()
        } catch {
            try? await http.shutdown()
            throw error
        }
    }

    func measure(_ http: HTTPClient) async throws {
        let api = API(http: http, base: url)

        // Set up: a leader, a unit with `clients` reps, a plan with a goal, published.
        let me = try await api.call("GET", "/v1/me", token: token)
        let org = me["org"]["id"].string
        let root = me["user"]["unit_id"].string
        let leader = try await api.call(
            "POST", "/v1/users", token: token,
            body: ["email": "bench-leader-\(UUID())@bench.test", "name": "Bench Leader", "role": "leader", "unit_id": root, "hired_on": "2018-01-01"])
        let leaderToken = try await api.call("POST", "/v1/users/\(leader["id"].string)/tokens", token: token)["token"].string
        let unit = try await api.call("POST", "/v1/units", token: token, body: ["name": "Bench \(UUID())", "parent_id": root, "manager_id": NSNull()])["id"].string
        var reps: [(id: String, token: String)] = []
        for index in 0..<clients {
            let rep = try await api.call(
                "POST", "/v1/users", token: token,
                body: ["email": "bench-rep\(index)-\(UUID())@bench.test", "name": "Rep \(index)", "role": "rep", "unit_id": unit, "hired_on": "2018-01-01"])
            reps.append((rep["id"].string, try await api.call("POST", "/v1/users/\(rep["id"].string)/tokens", token: token)["token"].string))
        }
        let plan = try await api.call(
            "POST", "/v1/plans", token: leaderToken, body: ["name": "Bench plan", "unit_id": unit, "start_month": "2027-01"])
        let planID = plan["id"].string
        _ = try await api.call(
            "PUT", "/v1/plans/\(planID)/goals/\(unit)", token: leaderToken,
            body: ["values": ["revenue": ["annual": 1_000_000_000]]], headers: ["If-None-Match": "*"])
        _ = try await api.call(
            "POST", "/v1/plans/\(planID)/transitions", token: leaderToken, body: ["action": "publish"],
            headers: ["If-Match": "\"\(plan["version"].int)\""])
        if let repsFile {
            let lines = reps.enumerated().map { "\($0.offset),\(org),\(planID),\($0.element.id)" }
            try (lines.joined(separator: "\n") + "\n").write(toFile: repsFile, atomically: true, encoding: .utf8)
        }

        let body: [String: Any] = [
            "values": [
                "revenue": ["months": (1...12).map { 1_000_000 + $0 * 10_000 }],
                "qualified_leads": ["months": Array(repeating: 40, count: 12)],
                "visits": ["months": Array(repeating: 60, count: 12)],
            ],
            "assumptions": ["qualified_leads": 480, "win_rate_bps": 2500, "avg_deal_size": 105_000],
            "rationale": "benchmark",
        ]
        let payload = try JSONSerialization.data(withJSONObject: body)
        let warmUp = ContinuousClock.now + .seconds(3)
        let end = warmUp + .seconds(duration)
        let results = try await withThrowingTaskGroup(of: [Duration].self) { group in
            for rep in reps {
                group.addTask {
                    var version = 1
                    var latencies: [Duration] = []
                    while ContinuousClock.now < end {
                        let started = ContinuousClock.now
                        var request = HTTPClientRequest(url: "\(url)/v1/plans/\(planID)/assignments/\(rep.id)/proposals")
                        request.method = .POST
                        request.headers.add(name: "Authorization", value: "Bearer \(rep.token)")
                        request.headers.add(name: "Content-Type", value: "application/json")
                        request.headers.add(name: "If-Match", value: "\"\(version)\"")
                        request.body = .bytes(ByteBuffer(data: payload))
                        let response = try await http.execute(request, timeout: .seconds(30))
                        _ = try await response.body.collect(upTo: 1 << 20)
                        guard response.status == .created else {
                            throw ValidationError("proposal answered \(response.status)")
                        }
                        version += 1
                        if started >= warmUp { latencies.append(ContinuousClock.now - started) }
                    }
                    return latencies
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        let sorted = results.sorted()
        func percentile(_ p: Double) -> Double {
            guard !sorted.isEmpty else { return 0 }
            let d = sorted[min(sorted.count - 1, Int((Double(sorted.count) * p).rounded(.up)) - 1)]
            return Double(d.components.seconds) * 1000 + Double(d.components.attoseconds) / 1e15
        }
        let throughput = Double(sorted.count) / Double(duration)
        print(String(format: "{\"clients\": %d, \"requests\": %d, \"throughput_rps\": %.1f, \"p50_ms\": %.2f, \"p99_ms\": %.2f, \"max_ms\": %.2f}",
                     clients, sorted.count, throughput, percentile(0.5), percentile(0.99), percentile(1.0)))
    }
}

/// Minimal JSON-over-HTTP for the set-up calls.
struct API {
    let http: HTTPClient
    let base: String

    func call(_ method: String, _ path: String, token: String, body: Any? = nil, headers: [String: String] = [:]) async throws -> JSON {
        var request = HTTPClientRequest(url: base + path)
        request.method = .init(rawValue: method)
        request.headers.add(name: "Authorization", value: "Bearer \(token)")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(data: try JSONSerialization.data(withJSONObject: body)))
        }
        let response = try await http.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 1 << 24)
        guard (200..<300).contains(response.status.code) else {
            throw ValidationError("\(method) \(path) answered \(response.status): \(String(buffer: bytes))")
        }
        return JSON(value: try JSONSerialization.jsonObject(with: Data(buffer: bytes)))
    }
}

/// Loosely typed JSON access.
struct JSON {
    let value: Any
    subscript(key: String) -> JSON { JSON(value: (value as? [String: Any])?[key] ?? NSNull()) }
    var string: String { value as? String ?? "" }
    var int: Int { (value as? NSNumber)?.intValue ?? 0 }
}
