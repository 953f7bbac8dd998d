import Foundation
import Hummingbird
import ParleyDomain
import ParleyStore

/// `/v1/plans` and everything under it: the workflow, goals, the negotiation, comments, approvals,
/// adjustments, revisions, events, audit and export.
struct PlansController {
    let store: Store
    /// The server's date, for adjustment guards (a clock the tests can set).
    let today: @Sendable () -> LocalDate

    struct TransitionRequest: Decodable {
        var action: PlanAction
        var comment: String?
    }

    struct GoalRequest: Decodable {
        var values: [String: MetricInputBody]
        var capacity: [String: Int64]?
    }

    struct ProposalRequest: Decodable {
        var values: [String: MetricInputBody]
        var assumptions: AssumptionsBody?
        var rationale: String?
    }

    struct CommentRequest: Decodable {
        var body: String
        var repID: UUID?
        var proposalID: UUID?
        var parentID: UUID?

        enum CodingKeys: String, CodingKey {
            case body
            case repID = "rep_id"
            case proposalID = "proposal_id"
            case parentID = "parent_id"
        }
    }

    struct AdjustmentRequest: Decodable {
        struct Change: Decodable {
            var repID: UUID
            var metric: String
            var month: String
            var value: Int64

            enum CodingKeys: String, CodingKey {
                case metric, month, value
                case repID = "rep_id"
            }
        }
        var reason: String
        var changes: [Change]
    }

    struct DecisionRequest: Decodable {
        var comment: String?
    }

    func register(_ routes: inout Routes) {
        routes.post("/v1/plans") { request, context in
            let caller = try context.requireCaller()
            let body = try await request.decodeStrict(PlanFieldsBody.self)
            let view = try await store.createPlan(caller: caller, try body.fields(requireCreateFields: true))
            return try JSONResponse.make(PlanBody(view), status: .created, version: view.plan.version)
        }
        routes.get("/v1/plans") { request, context in
            let caller = try context.requireCaller()
            let (limit, cursor) = try request.pageQuery()
            var state: PlanState?
            if let text = request.uri.queryParameters["state"] {
                guard let parsed = PlanState(rawValue: String(text)) else { throw Problem.invalid("state", "is not a plan state") }
                state = parsed
            }
            let page = try await store.plans(caller: caller, state: state, limit: limit, cursor: cursor)
            return try JSONResponse.make(ListResponse(items: page.items.map(PlanBody.init), nextCursor: page.nextCursor))
        }
        routes.get("/v1/plans/:plan") { _, context in
            let view = try await store.plan(caller: try context.requireCaller(), id: try context.id("plan"))
            return try JSONResponse.make(PlanBody(view), version: view.plan.version)
        }
        routes.patch("/v1/plans/:plan") { request, context in
            let caller = try context.requireCaller()
            let id = try context.id("plan")
            let version = try request.ifMatchVersion()
            let body = try await request.decodeStrict(PlanFieldsBody.self)
            let view = try await store.updatePlan(caller: caller, id: id, version: version, try body.fields(requireCreateFields: false))
            return try JSONResponse.make(PlanBody(view), version: view.plan.version)
        }
        routes.post("/v1/plans/:plan/transitions") { request, context in
            let caller = try context.requireCaller()
            let id = try context.id("plan")
            let version = try request.ifMatchVersion()
            let body = try await request.decodeStrict(TransitionRequest.self)
            let view = try await store.transition(caller: caller, plan: id, version: version, action: body.action, comment: body.comment)
            return try JSONResponse.make(PlanBody(view), version: view.plan.version)
        }
        registerGoals(&routes)
        registerNegotiation(&routes)
        registerRecords(&routes)
    }

    private func registerGoals(_ routes: inout Routes) {
        routes.put("/v1/plans/:plan/goals/:unit") { request, context in
            let caller = try context.requireCaller()
            let precondition: GoalPrecondition
            if request.headers[.ifNoneMatch]?.trimmingCharacters(in: .whitespaces) == "*" {
                precondition = .create
            } else if request.headers[.ifMatch] != nil {
                precondition = .replace(version: try request.ifMatchVersion())
            } else {
                throw Problem(
                    .preconditionRequired, "precondition_required",
                    "creating a goal needs If-None-Match: *; replacing one needs If-Match: \"<version>\"")
            }
            let body = try await request.decodeStrict(GoalRequest.self)
            let goal = try await store.putGoal(
                caller: caller, plan: try context.id("plan"), unit: try context.id("unit"), precondition: precondition,
                values: body.values.mapValues(\.input), capacity: body.capacity ?? [:])
            let status: HTTPResponse.Status = goal.version == 1 ? .created : .ok
            return try JSONResponse.make(GoalBody(goal), status: status, version: goal.version)
        }
        routes.get("/v1/plans/:plan/goals") { request, context in
            let goals = try await store.goals(caller: try context.requireCaller(), plan: try context.id("plan"))
            return try JSONResponse.make(ListResponse(paging: goals.map(GoalBody.init), for: request))
        }
    }

    private func registerNegotiation(_ routes: inout Routes) {
        routes.get("/v1/plans/:plan/assignments") { request, context in
            let caller = try context.requireCaller()
            let (limit, cursor) = try request.pageQuery()
            var unit: UUID?
            if let text = request.uri.queryParameters["unit_id"] {
                guard let id = UUID(uuidString: String(text)) else { throw Problem.invalid("unit_id", "must be a UUID") }
                unit = id
            }
            let page = try await store.assignments(caller: caller, plan: try context.id("plan"), unit: unit, limit: limit, cursor: cursor)
            return try JSONResponse.make(ListResponse(items: page.items.map(AssignmentBody.init), nextCursor: page.nextCursor))
        }
        routes.get("/v1/plans/:plan/assignments/:rep") { _, context in
            let assignment = try await store.assignment(
                caller: try context.requireCaller(), plan: try context.id("plan"), rep: try context.id("rep"))
            return try JSONResponse.make(AssignmentBody(assignment), version: assignment.version)
        }
        routes.post("/v1/plans/:plan/assignments/:rep/proposals") { request, context in
            let caller = try context.requireCaller()
            let plan = try context.id("plan")
            let rep = try context.id("rep")
            let version = try request.ifMatchVersion()
            let body = try await request.decodeStrict(ProposalRequest.self)
            // Lengths count code points, as PostgreSQL's length() does (Swift's count is graphemes).
            if let rationale = body.rationale, rationale.unicodeScalars.count > 10_000 {
                throw Problem.invalid("rationale", "must be at most 10000 characters")
            }
            let (proposal, assignmentVersion) = try await store.propose(
                caller: caller, plan: plan, rep: rep, version: version,
                NewProposal(values: body.values.mapValues(\.input), assumptions: body.assumptions?.domain, rationale: body.rationale))
            return try JSONResponse.make(ProposalBody(proposal), status: .created, version: assignmentVersion)
        }
        routes.post("/v1/plans/:plan/assignments/:rep/proposals/:proposal/accept") { request, context in
            let caller = try context.requireCaller()
            let version = try request.ifMatchVersion()
            let assignment = try await store.accept(
                caller: caller, plan: try context.id("plan"), rep: try context.id("rep"), proposal: try context.id("proposal"),
                version: version)
            return try JSONResponse.make(AssignmentBody(assignment), version: assignment.version)
        }
        routes.get("/v1/plans/:plan/assignments/:rep/revisions") { request, context in
            let revisions = try await store.revisions(
                caller: try context.requireCaller(), plan: try context.id("plan"), rep: try context.id("rep"))
            return try JSONResponse.make(ListResponse(paging: revisions.map(RevisionBody.init), for: request))
        }
        routes.post("/v1/plans/:plan/comments") { request, context in
            let caller = try context.requireCaller()
            let body = try await request.decodeStrict(CommentRequest.self)
            guard (1...10_000).contains(body.body.unicodeScalars.count), !body.body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw Problem.invalid("body", "must be 1 to 10000 characters")
            }
            let comment = try await store.comment(
                caller: caller, plan: try context.id("plan"), body: body.body, repID: body.repID, proposalID: body.proposalID,
                parentID: body.parentID)
            return try JSONResponse.make(CommentBody(comment), status: .created)
        }
        routes.get("/v1/plans/:plan/comments") { request, context in
            let caller = try context.requireCaller()
            let (limit, cursor) = try request.pageQuery()
            var rep: UUID?
            if let text = request.uri.queryParameters["rep_id"] {
                guard let id = UUID(uuidString: String(text)) else { throw Problem.invalid("rep_id", "must be a UUID") }
                rep = id
            }
            let page = try await store.comments(caller: caller, plan: try context.id("plan"), repID: rep, limit: limit, cursor: cursor)
            return try JSONResponse.make(ListResponse(items: page.items.map(CommentBody.init), nextCursor: page.nextCursor))
        }
    }

    private func registerRecords(_ routes: inout Routes) {
        routes.get("/v1/plans/:plan/approvals") { request, context in
            let approvals = try await store.approvals(caller: try context.requireCaller(), plan: try context.id("plan"))
            return try JSONResponse.make(ListResponse(paging: approvals.map(ApprovalBody.init), for: request))
        }
        routes.post("/v1/plans/:plan/adjustments") { request, context in
            let caller = try context.requireCaller()
            let body = try await request.decodeStrict(AdjustmentRequest.self)
            let adjustment = try await store.requestAdjustment(
                caller: caller, plan: try context.id("plan"), reason: body.reason,
                changes: body.changes.map { AdjustmentChange(repID: $0.repID, metric: $0.metric, month: $0.month, value: $0.value) },
                today: today())
            return try JSONResponse.make(AdjustmentBody(adjustment), status: .created)
        }
        routes.get("/v1/plans/:plan/adjustments") { request, context in
            let adjustments = try await store.adjustments(caller: try context.requireCaller(), plan: try context.id("plan"))
            return try JSONResponse.make(ListResponse(paging: adjustments.map(AdjustmentBody.init), for: request))
        }
        for action in AdjustmentAction.allCases {
            routes.post("/v1/plans/:plan/adjustments/:adjustment/\(action.rawValue)") { request, context in
                let caller = try context.requireCaller()
                let body = try await Self.optionalBody(request, DecisionRequest.self)
                let adjustment = try await store.decideAdjustment(
                    caller: caller, plan: try context.id("plan"), adjustment: try context.id("adjustment"), action: action,
                    comment: body?.comment, today: today())
                return try JSONResponse.make(AdjustmentBody(adjustment))
            }
        }
        routes.get("/v1/plans/:plan/events") { request, context in
            let caller = try context.requireCaller()
            // The cursor is the seq of the last event of the previous page, so it continues where `after` would.
            let (limit, cursor) = try request.pageQuery()
            func sequenceNumber(_ text: String?, _ field: String) throws -> Int64? {
                try text.map { text in
                    guard let value = Int64(text), value >= 0 else { throw Problem.invalid(field, "must be a sequence number") }
                    return value
                }
            }
            let after =
                try sequenceNumber(cursor, "cursor")
                ?? sequenceNumber(request.uri.queryParameters["after"].map(String.init), "after") ?? 0
            let events = try await store.events(caller: caller, plan: try context.id("plan"), after: after, limit: limit)
            let next = events.count == limit ? events.last.map { String($0.seq) } : nil
            return try JSONResponse.make(ListResponse(items: events.map(EventBody.init), nextCursor: next))
        }
        routes.get("/v1/plans/:plan/audit/verify") { _, context in
            let caller = try context.requireCaller()
            let result = try await store.verifyAudit(caller: caller, org: caller.orgID, plan: try context.id("plan"))
            if let broken = result.brokenAt {
                return try JSONResponse.make(["ok": JSONValue.bool(false), "broken_at": .number(String(broken))])
            }
            return try JSONResponse.make(["ok": JSONValue.bool(true), "events": .number(String(result.events))])
        }
        routes.get("/v1/plans/:plan/targets.csv") { _, context in
            let lines = try await store.targetLines(caller: try context.requireCaller(), plan: try context.id("plan"))
            var csv = "rep_email,rep_name,unit,metric,month,value\r\n"
            for line in lines {
                csv += [line.repEmail, line.repName, line.unit, line.metric, line.month.description, String(line.value)]
                    .map(CSV.field).joined(separator: ",") + "\r\n"
            }
            return Response(
                status: .ok, headers: [.contentType: "text/csv; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: csv)))
        }
    }

    /// Decision bodies are optional: an empty body is no comment.
    private static func optionalBody<T: Decodable>(_ request: Request, _ type: T.Type) async throws -> T? {
        var buffer = try await request.body.collect(upTo: Limits.maximumBodySize)
        let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        if bytes.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) }) { return nil }
        return try StrictJSON.decode(T.self, from: bytes)
    }
}

/// RFC 4180 fields.
enum CSV {
    static func field(_ text: String) -> String {
        // A leading =, +, - or @ would run as a formula in spreadsheets; quote and prefix it.
        var value = text
        if let first = value.first, "=+-@".contains(first), Int64(value) == nil { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || value != text else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
