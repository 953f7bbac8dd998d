import Foundation
import HTTPTypes
import ParleyDomain
import ParleyTestSupport
import Testing

/// A user of a fixture's organization, with a token of their own.
struct Member: Sendable {
    let id: UUID
    let token: String
    let email: String
}

/// How far a fixture drives its plan through the workflow.
enum PlanStage: Int, Sendable, Comparable {
    /// Draft, no goal yet.
    case draft
    /// Draft with the scope's goal set.
    case draftWithGoal
    /// Published: one assignment per rep, nothing proposed.
    case proposed
    /// In discussion, nothing agreed.
    case inDiscussion
    /// In discussion, both assignments agreed and their sum exactly the goal.
    case agreed
    /// Submitted for approval by the scope's manager.
    case pendingApproval
    /// Approved by `required_approvals` leaders.
    case locked
    /// Archived by a leader.
    case archived

    static func < (lhs: PlanStage, rhs: PlanStage) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// An organization with every role and a plan for one region, driven to a chosen stage.
///
/// ```
/// root (admin, leader, leader2, viewer)
/// ├── North (manager)
/// │   ├── North Key Accounts: veteran (hired 2019), newcomer (hired 2026-12, ramping two months)
/// │   └── regionRep (only with `withRegionRep`: a rep directly in North, hired 2018)
/// └── South (otherManager): outsider (a rep outside the plan's scope)
/// ```
/// The plan is scoped at North, starts 2027-01, runs 12 months, is approved by `leader` and `leader2`,
/// and its goal for North is 24,000,000 revenue, spread evenly. At `.agreed` the veteran has agreed
/// 1,000,000 a month and the newcomer 1,200,000 in each of the ten months after the ramp: exactly the goal.
/// With `withRegionRep` the region rep gets an assignment too but agrees nothing, so `.agreed` is the last
/// stage such a fixture reaches.
struct PlanFixture: Sendable {
    /// The date the fixture's tests run at unless they say otherwise (before the plan starts).
    static let today = LocalDate(year: 2026, month: 11, day: 29)!
    /// The scope goal's annual revenue.
    static let goalRevenue: Int64 = 24_000_000
    /// The veteran's agreed revenue per month at `.agreed`.
    static let veteranMonths: [Int64] = Array(repeating: 1_000_000, count: 12)
    /// The newcomer's agreed revenue per month at `.agreed` (zero in the two ramp months).
    static let newcomerMonths: [Int64] = [0, 0] + Array(repeating: 1_200_000, count: 10)

    let api: TestAPI
    let org: TestOrg
    let admin: Member
    let leader: Member
    let leader2: Member
    let manager: Member
    let otherManager: Member
    let viewer: Member
    let veteran: Member
    let newcomer: Member
    let outsider: Member
    /// A rep directly in North (not in its team), when made `withRegionRep`.
    let regionRep: Member?
    let region: UUID
    let team: UUID
    let otherRegion: UUID
    let planID: UUID

    /// `/v1/plans/{id}`.
    var path: String { "/v1/plans/\(planID)" }

    /// Builds the organization and drives its plan to `stage`.
    ///
    /// - Parameters:
    ///   - requiredApprovals: distinct approvals (of `leader`, `leader2`) that lock the plan.
    ///   - toleranceBps: the plan's tolerance of agreed sums against goals.
    ///   - withRegionRep: whether North also has a rep of its own, beside its team.
    static func make(
        _ api: TestAPI, stage: PlanStage = .draft, requiredApprovals: Int = 1, toleranceBps: Int = 100,
        withRegionRep: Bool = false
    ) async throws -> PlanFixture {
        let org = try await TestOrg.make(api)
        let root = org.rootUnitID
        let leader = try await member(api, org, role: "leader", name: "Lena Leader", unit: root)
        let leader2 = try await member(api, org, role: "leader", name: "Luis Leader", unit: root)
        let viewer = try await member(api, org, role: "viewer", name: "Vera Viewer", unit: root)
        let manager = try await member(api, org, role: "manager", name: "Mia Manager", unit: root)
        let otherManager = try await member(api, org, role: "manager", name: "Otto Manager", unit: root)
        let region = try await org.unit(api, name: "North", parent: root, manager: manager.id)
        let team = try await org.unit(api, name: "North Key Accounts", parent: region)
        let otherRegion = try await org.unit(api, name: "South", parent: root, manager: otherManager.id)
        let veteran = try await member(api, org, role: "rep", name: "Li Veteran", unit: team, hiredOn: "2019-03-01")
        let newcomer = try await member(api, org, role: "rep", name: "Wang Newcomer", unit: team, hiredOn: "2026-12-01")
        let outsider = try await member(
            api, org, role: "rep", name: "Zhao Outsider", unit: otherRegion, hiredOn: "2019-03-01")
        let regionRep =
            withRegionRep
            ? try await member(api, org, role: "rep", name: "Chen Region", unit: region, hiredOn: "2018-05-01") : nil

        let created = try await api.request(
            .post, "/v1/plans", token: leader.token,
            json: [
                "name": "FY2027 targets", "unit_id": region.uuidString, "start_month": "2027-01",
                "approver_ids": [leader.id.uuidString, leader2.id.uuidString], "required_approvals": requiredApprovals,
                "tolerance_bps": toleranceBps,
            ])
        let planID = try created.expect(.created, as: API.Plan.self).id
        let adminEmail = try await api.request(.get, "/v1/me", token: org.adminToken).expect(.ok, as: API.Me.self)
            .user.email
        let fixture = PlanFixture(
            api: api, org: org, admin: Member(id: org.adminID, token: org.adminToken, email: adminEmail),
            leader: leader, leader2: leader2,
            manager: manager, otherManager: otherManager, viewer: viewer, veteran: veteran, newcomer: newcomer,
            outsider: outsider, regionRep: regionRep, region: region, team: team, otherRegion: otherRegion, planID: planID)
        try await fixture.drive(to: stage, requiredApprovals: requiredApprovals)
        return fixture
    }

    private func drive(to stage: PlanStage, requiredApprovals: Int) async throws {
        if stage >= .draftWithGoal {
            try expectOK(
                try await putGoal(region, values: ["revenue": ["annual": Self.goalRevenue, "distribution": "even"]]),
                "setting the goal")
        }
        if stage >= .proposed { try expectOK(try await transition("publish", by: leader), "publish") }
        if stage >= .inDiscussion {
            try expectOK(try await transition("open_discussion", by: manager), "open_discussion")
        }
        if stage >= .agreed {
            try await agree(veteran, revenue: Self.veteranMonths)
            try await agree(newcomer, revenue: Self.newcomerMonths)
        }
        if stage >= .pendingApproval {
            try expectOK(try await transition("submit_for_approval", by: manager), "submit_for_approval")
        }
        if stage >= .locked {
            for approver in [leader, leader2].prefix(requiredApprovals) {
                try expectOK(try await transition("approve", by: approver), "approve")
            }
        }
        if stage >= .archived { try expectOK(try await transition("archive", by: leader), "archive") }
    }

    // MARK: - Requests

    /// Creates a user with a name of its own and a fresh token.
    static func member(
        _ api: TestAPI, _ org: TestOrg, role: String, name: String, unit: UUID, hiredOn: String = "2020-01-01"
    ) async throws -> Member {
        let email = "\(role)-\(UUID().uuidString.prefix(8).lowercased())@example.com"
        let response = try await api.request(
            .post, "/v1/users", token: org.adminToken,
            json: [
                "email": email, "name": name, "role": role,
                "unit_id": unit.uuidString, "hired_on": hiredOn,
            ])
        let id = try response.expect(.created, as: API.User.self).id
        let token = try await api.request(.post, "/v1/users/\(id)/tokens", token: org.adminToken)
        return Member(id: id, token: try token.expect(.created, as: API.Token.self).token, email: email)
    }

    /// The plan as `member` sees it.
    func plan(as member: Member? = nil) async throws -> APIResponse {
        try await api.request(.get, path, token: (member ?? leader).token)
    }

    /// The plan's current version.
    func planVersion() async throws -> Int {
        let response = try await plan()
        guard let version = response.version else { throw TestFailure("no plan ETag: \(response.body)") }
        return version
    }

    /// The plan as `member` (the leader by default) sees it, decoded.
    func planBody(as member: Member? = nil) async throws -> API.Plan {
        try await plan(as: member).expect(.ok, as: API.Plan.self)
    }

    /// The plan's current state.
    func planState() async throws -> String {
        try await planBody().state
    }

    /// Posts a workflow action with `If-Match` of `version` (the current version when nil).
    func transition(_ action: String, by member: Member, comment: String? = nil, version: Int? = nil) async throws
        -> APIResponse
    {
        var current = version ?? 0
        if version == nil { current = try await planVersion() }
        var body: [String: Any] = ["action": action]
        if let comment { body["comment"] = comment }
        return try await api.request(
            .post, "\(path)/transitions", token: member.token, json: body, headers: ifMatch(current))
    }

    /// PUTs a goal: created (`If-None-Match: *`) when `version` is nil, else replaced with `If-Match`.
    func putGoal(
        _ unit: UUID, values: [String: Any], capacity: [String: Any]? = nil, by member: Member? = nil,
        version: Int? = nil
    )
        async throws -> APIResponse
    {
        var body: [String: Any] = ["values": values]
        if let capacity { body["capacity"] = capacity }
        let headers: HTTPFields = version.map { ifMatch($0) } ?? [.ifNoneMatch: "*"]
        return try await api.request(
            .put, "\(path)/goals/\(unit)", token: (member ?? leader).token, json: body, headers: headers)
    }

    /// The rep's assignment as `member` (the leader by default) sees it.
    func assignment(_ rep: Member, as member: Member? = nil) async throws -> APIResponse {
        try await api.request(.get, "\(path)/assignments/\(rep.id)", token: (member ?? leader).token)
    }

    /// The rep's assignment as `member` (the leader by default) sees it, decoded.
    func assignmentBody(_ rep: Member, as member: Member? = nil) async throws -> API.Assignment {
        try await assignment(rep, as: member).expect(.ok, as: API.Assignment.self)
    }

    /// The rep's assignment's current version.
    func assignmentVersion(_ rep: Member) async throws -> Int {
        let response = try await assignment(rep)
        guard let version = response.version else { throw TestFailure("no assignment ETag: \(response.body)") }
        return version
    }

    /// Posts a proposal on the rep's assignment with `If-Match` of `version` (the current one when nil).
    func propose(
        on rep: Member, by member: Member, values: [String: Any], assumptions: [String: Any]? = nil, version: Int? = nil
    ) async throws -> APIResponse {
        var current = version ?? 0
        if version == nil { current = try await assignmentVersion(rep) }
        var body: [String: Any] = ["values": values]
        if let assumptions { body["assumptions"] = assumptions }
        return try await api.request(
            .post, "\(path)/assignments/\(rep.id)/proposals", token: member.token, json: body, headers: ifMatch(current)
        )
    }

    /// Accepts a proposal on the rep's assignment with `If-Match` of `version` (the current one when nil).
    func accept(_ proposal: UUID, on rep: Member, by member: Member, version: Int? = nil) async throws -> APIResponse {
        var current = version ?? 0
        if version == nil { current = try await assignmentVersion(rep) }
        return try await api.request(
            .post, "\(path)/assignments/\(rep.id)/proposals/\(proposal)/accept", token: member.token,
            headers: ifMatch(current))
    }

    /// The rep estimates `revenue` (and 480 visits) and the scope's manager accepts it.
    func agree(_ rep: Member, revenue: [Int64]) async throws {
        let proposed = try await propose(
            on: rep, by: rep,
            values: ["revenue": ["months": revenue], "visits": ["annual": 480, "distribution": "even"]])
        let id = try proposed.expect(.created, as: API.Proposal.self).id
        try expectOK(try await accept(id, on: rep, by: manager), "accepting the estimate")
    }

    /// Posts a comment as `member`.
    func comment(_ body: String, by member: Member, rep: Member? = nil) async throws -> APIResponse {
        var json: [String: Any] = ["body": body]
        if let rep { json["rep_id"] = rep.id.uuidString }
        return try await api.request(.post, "\(path)/comments", token: member.token, json: json)
    }

    /// The plan's events, oldest first.
    func events() async throws -> [API.Event] {
        try await api.request(.get, "\(path)/events?after=0&limit=500", token: leader.token)
            .expect(.ok, as: API.List<API.Event>.self).items
    }

    private func expectOK(_ response: APIResponse, _ what: String) throws {
        guard (200..<300).contains(response.status.code) else {
            throw TestFailure("fixture step \(what) failed: \(response.status) \(response.body)")
        }
    }
}

extension APIResponse {
    /// `allowed_actions`: of the plan when the request succeeded, else of the `invalid_transition` problem.
    var allowedActions: [String]? {
        (200..<300).contains(status.code) ? (try? decode(API.Plan.self))?.allowedActions : problem?.allowedActions
    }
    /// The problem's guard `reasons`.
    var reasons: [String] { problem?.reasons ?? [] }
}
