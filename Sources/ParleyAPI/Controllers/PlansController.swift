import Foundation
import Hummingbird
import ParleyDomain
import ParleyStore

/// `/v1/plans` and everything under it but the planning math: the workflow, goals, the negotiation,
/// comments, approvals, adjustments, revisions, events, audit and export.
struct PlansController {
    let store: Store
    /// The server's date, for adjustment guards (a clock the tests can set).
    let today: @Sendable () -> LocalDate

    var endpoints: RouteCollection<AuthenticatedContext> {
        let routes = RouteCollection(context: AuthenticatedContext.self)
            .post("plans", use: create)
            .get("plans", use: list)
            .get("plans/:id", use: show)
            .patch("plans/:id", use: update)
            .post("plans/:id/transitions", use: transition)
            .put("plans/:id/goals/:unit_id", use: putGoal)
            .post("plans/:id/goals/:unit_id/preview", use: previewGoal)
            .get("plans/:id/goals", use: goals)
            .get("plans/:id/assignments", use: assignments)
            .get("plans/:id/assignments/:rep_id", use: assignment)
            .post("plans/:id/assignments/:rep_id/proposals", use: propose)
            .post("plans/:id/assignments/:rep_id/proposals/:proposal_id/accept", use: accept)
            .get("plans/:id/assignments/:rep_id/revisions", use: revisions)
            .post("plans/:id/comments", use: comment)
            .get("plans/:id/comments", use: comments)
            .get("plans/:id/approvals", use: approvals)
            .post("plans/:id/adjustments", use: requestAdjustment)
            .get("plans/:id/adjustments", use: adjustments)
            .get("plans/:id/events", use: events)
            .get("plans/:id/audit/verify", use: verifyAudit)
            .get("plans/:id/targets.csv", use: targetsCSV)
        for action in AdjustmentAction.allCases {
            routes.post("plans/:id/adjustments/:aid/\(action.rawValue)") { request, context in
                try await decideAdjustment(request, context: context, action: action)
            }
        }
        return routes
    }

    // MARK: The plan and its workflow

    @Sendable func create(_ request: Request, context: AuthenticatedContext) async throws -> Tagged<PlanBody> {
        let body = try await request.decode(as: PlanFieldsBody.self, context: context)
        let view = try await store.createPlan(caller: context.caller, try body.fields(requireCreateFields: true))
        return Tagged(body: PlanBody(view), version: view.plan.version, status: .created)
    }

    @Sendable func list(_ request: Request, context: AuthenticatedContext) async throws -> ListResponse<PlanBody> {
        let (limit, cursor) = try request.pageQuery()
        var state: PlanState?
        if let text = request.uri.queryParameters["state"] {
            guard let parsed = PlanState(rawValue: String(text)) else { throw Problem.invalid("state", "is not a plan state") }
            state = parsed
        }
        let page = try await store.plans(caller: context.caller, state: state, limit: limit, cursor: cursor)
        return ListResponse(items: page.items.map(PlanBody.init), nextCursor: page.nextCursor)
    }

    @Sendable func show(_ request: Request, context: AuthenticatedContext) async throws -> Tagged<PlanBody> {
        let view = try await store.plan(caller: context.caller, id: try context.id("id"))
        return Tagged(body: PlanBody(view), version: view.plan.version)
    }

    @Sendable func update(_ request: Request, context: AuthenticatedContext) async throws -> Tagged<PlanBody> {
        let id = try context.id("id")
        let version = try request.ifMatchVersion()
        let body = try await request.decode(as: PlanFieldsBody.self, context: context)
        let view = try await store.updatePlan(
            caller: context.caller, id: id, version: version, try body.fields(requireCreateFields: false))
        return Tagged(body: PlanBody(view), version: view.plan.version)
    }

    @Sendable func transition(_ request: Request, context: AuthenticatedContext) async throws -> Tagged<PlanBody> {
        let id = try context.id("id")
        let version = try request.ifMatchVersion()
        let body = try await request.decode(as: TransitionRequest.self, context: context)
        let view = try await store.transition(
            caller: context.caller, plan: id, version: version, action: body.action, comment: body.comment)
        return Tagged(body: PlanBody(view), version: view.plan.version)
    }

    // MARK: Goals

    @Sendable func putGoal(_ request: Request, context: AuthenticatedContext) async throws -> Tagged<GoalBody> {
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
        let body = try await request.decode(as: GoalRequest.self, context: context)
        let goal = try await store.putGoal(
            caller: context.caller, plan: try context.id("id"), unit: try context.id("unit_id"),
            precondition: precondition, values: body.values.mapValues(\.input), capacity: body.capacity ?? [:])
        return Tagged(body: try GoalBody(goal), version: goal.version, status: goal.version == 1 ? .created : .ok)
    }

    /// The split a PUT of the same body would store, with last year's months beside it; stores nothing.
    @Sendable func previewGoal(_ request: Request, context: AuthenticatedContext) async throws -> GoalPreviewBody {
        let body = try await request.decode(as: GoalRequest.self, context: context)
        let preview = try await store.previewGoal(
            caller: context.caller, plan: try context.id("id"), unit: try context.id("unit_id"),
            values: body.values.mapValues(\.input), capacity: body.capacity ?? [:])
        return try GoalPreviewBody(preview)
    }

    @Sendable func goals(_ request: Request, context: AuthenticatedContext) async throws -> ListResponse<GoalBody> {
        let goals = try await store.goals(caller: context.caller, plan: try context.id("id"))
        return try ListResponse(paging: goals.map(GoalBody.init), for: request)
    }

    // MARK: The negotiation

    @Sendable func assignments(_ request: Request, context: AuthenticatedContext) async throws
        -> ListResponse<AssignmentBody>
    {
        let (limit, cursor) = try request.pageQuery()
        let page = try await store.assignments(
            caller: context.caller, plan: try context.id("id"), unit: try request.uuidQuery("unit_id"), limit: limit,
            cursor: cursor)
        return ListResponse(items: try page.items.map(AssignmentBody.init), nextCursor: page.nextCursor)
    }

    @Sendable func assignment(_ request: Request, context: AuthenticatedContext) async throws -> Tagged<AssignmentBody> {
        let assignment = try await store.assignment(
            caller: context.caller, plan: try context.id("id"), rep: try context.id("rep_id"))
        return Tagged(body: try AssignmentBody(assignment), version: assignment.version)
    }

    @Sendable func propose(_ request: Request, context: AuthenticatedContext) async throws -> Tagged<ProposalBody> {
        let plan = try context.id("id")
        let rep = try context.id("rep_id")
        let version = try request.ifMatchVersion()
        let body = try await request.decode(as: ProposalRequest.self, context: context)
        // Lengths count code points, as PostgreSQL's length() does (Swift's count is graphemes).
        if let rationale = body.rationale, rationale.unicodeScalars.count > 10_000 {
            throw Problem.invalid("rationale", "must be at most 10000 characters")
        }
        let (proposal, assignmentVersion) = try await store.propose(
            caller: context.caller, plan: plan, rep: rep, version: version,
            NewProposal(
                values: body.values.mapValues(\.input), assumptions: body.assumptions?.domain, rationale: body.rationale))
        return Tagged(body: try ProposalBody(proposal), version: assignmentVersion, status: .created)
    }

    @Sendable func accept(_ request: Request, context: AuthenticatedContext) async throws -> Tagged<AssignmentBody> {
        let version = try request.ifMatchVersion()
        let assignment = try await store.accept(
            caller: context.caller, plan: try context.id("id"), rep: try context.id("rep_id"),
            proposal: try context.id("proposal_id"), version: version)
        return Tagged(body: try AssignmentBody(assignment), version: assignment.version)
    }

    @Sendable func revisions(_ request: Request, context: AuthenticatedContext) async throws
        -> ListResponse<RevisionBody>
    {
        let revisions = try await store.revisions(
            caller: context.caller, plan: try context.id("id"), rep: try context.id("rep_id"))
        return try ListResponse(paging: revisions.map(RevisionBody.init), for: request)
    }

    @Sendable func comment(_ request: Request, context: AuthenticatedContext) async throws
        -> EditedResponse<CommentBody>
    {
        let body = try await request.decode(as: CommentRequest.self, context: context)
        guard (1...10_000).contains(body.body.unicodeScalars.count),
            !body.body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
        else {
            throw Problem.invalid("body", "must be 1 to 10000 characters")
        }
        let comment = try await store.comment(
            caller: context.caller, plan: try context.id("id"), body: body.body, repID: body.repID,
            proposalID: body.proposalID, parentID: body.parentID)
        return created(CommentBody(comment))
    }

    @Sendable func comments(_ request: Request, context: AuthenticatedContext) async throws
        -> ListResponse<CommentBody>
    {
        let (limit, cursor) = try request.pageQuery()
        let page = try await store.comments(
            caller: context.caller, plan: try context.id("id"), repID: try request.uuidQuery("rep_id"), limit: limit,
            cursor: cursor)
        return ListResponse(items: page.items.map(CommentBody.init), nextCursor: page.nextCursor)
    }

    // MARK: Records: approvals, adjustments, events, audit, export

    @Sendable func approvals(_ request: Request, context: AuthenticatedContext) async throws
        -> ListResponse<ApprovalBody>
    {
        let approvals = try await store.approvals(caller: context.caller, plan: try context.id("id"))
        return try ListResponse(paging: approvals.map(ApprovalBody.init), for: request)
    }

    @Sendable func requestAdjustment(_ request: Request, context: AuthenticatedContext) async throws
        -> EditedResponse<AdjustmentBody>
    {
        let body = try await request.decode(as: AdjustmentRequest.self, context: context)
        let adjustment = try await store.requestAdjustment(
            caller: context.caller, plan: try context.id("id"), reason: body.reason,
            changes: body.changes.map {
                AdjustmentChange(repID: $0.repID, metric: $0.metric, month: $0.month, value: $0.value)
            },
            today: today())
        return created(AdjustmentBody(adjustment))
    }

    @Sendable func adjustments(_ request: Request, context: AuthenticatedContext) async throws
        -> ListResponse<AdjustmentBody>
    {
        let adjustments = try await store.adjustments(caller: context.caller, plan: try context.id("id"))
        return try ListResponse(paging: adjustments.map(AdjustmentBody.init), for: request)
    }

    func decideAdjustment(_ request: Request, context: AuthenticatedContext, action: AdjustmentAction) async throws
        -> AdjustmentBody
    {
        // Decision bodies are optional: an empty body is no comment.
        var buffer = try await request.body.collect(upTo: context.maxUploadSize)
        let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        let body =
            bytes.allSatisfy({ [0x20, 0x09, 0x0A, 0x0D].contains($0) })
            ? nil : try StrictJSON.decode(DecisionRequest.self, from: bytes)
        let adjustment = try await store.decideAdjustment(
            caller: context.caller, plan: try context.id("id"), adjustment: try context.id("aid"), action: action,
            comment: body?.comment, today: today())
        return AdjustmentBody(adjustment)
    }

    @Sendable func events(_ request: Request, context: AuthenticatedContext) async throws -> ListResponse<EventBody> {
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
        let events = try await store.events(caller: context.caller, plan: try context.id("id"), after: after, limit: limit)
        let next = events.count == limit ? events.last.map { String($0.seq) } : nil
        return ListResponse(items: events.map(EventBody.init), nextCursor: next)
    }

    @Sendable func verifyAudit(_ request: Request, context: AuthenticatedContext) async throws -> AuditBody {
        let caller = context.caller
        let result = try await store.verifyAudit(caller: caller, org: caller.orgID, plan: try context.id("id"))
        return AuditBody(result)
    }

    @Sendable func targetsCSV(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        let lines = try await store.targetLines(caller: context.caller, plan: try context.id("id"))
        var csv = "rep_email,rep_name,unit,metric,month,value\r\n"
        for line in lines {
            csv +=
                [line.repEmail, line.repName, line.unit, line.metric, line.month.description, String(line.value)]
                .map(CSVField.escape).joined(separator: ",") + "\r\n"
        }
        return Response(
            status: .ok, headers: [.contentType: "text/csv; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(string: csv)))
    }
}

/// RFC 4180 fields of the targets export.
enum CSVField {
    static func escape(_ text: String) -> String {
        // A leading =, +, - or @ would run as a formula in spreadsheets; quote and prefix it.
        var value = text
        if let first = value.first, "=+-@".contains(first), Int64(value) == nil { value = "'" + value }
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) || value != text else {
            return value
        }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
