import Foundation
import ParleyDomain
import Postgres

/// A user of the demo organization, with the credentials to try it.
public struct DemoUser: Sendable {
    public var role: Role
    public var name: String
    /// E-mail (sign-in name).
    public var email: String
    /// Unit name.
    public var unit: String
    /// Bearer token.
    public var token: String
}

/// What `parley demo` created.
public struct DemoOrganization: Sendable {
    /// The organization.
    public var orgID: UUID
    /// Everyone, leaders first; with many reps only a sample of them carries a token.
    public var users: [DemoUser]
    /// Next year's plan, in discussion.
    public var planID: UUID
    /// The running year's plan: locked, with actuals to date and one adjustment waiting for review.
    public var runningPlanID: UUID
}

extension Store {
    /// Creates a realistic demo organization: a leader, an admin, a viewer, two regions with two teams
    /// each and their managers, a sales director over them all, and `reps` reps of mixed tenure spread over
    /// the teams (some hired in the last two months, so ramping). Every user gets `passwordHash`. Then actuals
    /// from a year before the running plan up to today (monthly, then weekly), the running year's plan (locked,
    /// see `seedRunningPlan`) and the next year's plan, in discussion.
    ///
    /// The years are fiscal years chosen from `today` so that the running one is two thirds through: eight
    /// months or so of actuals to track, and three to five months left that the quarterly review may change.
    public func seedDemoOrganization(name: String, reps: Int, passwordHash: String, today: LocalDate) async throws
        -> DemoOrganization
    {
        let domain = "demo-\(UUID().uuidString.prefix(8).lowercased()).parley.test"
        let created = try await createOrganization(
            name: name, adminEmail: "admin@\(domain)", adminName: "Ada Admin", passwordHash: passwordHash, today: today)
        let org = created.orgID
        // The running fiscal year starts two quarters before the quarter of today.
        let quarter = YearMonth(year: today.year, month: (today.month - 1) / 3 * 3 + 1) ?? today.yearMonth
        let running = quarter.adding(months: -6)
        let seeded = try await transaction(org) { tx in
            var users: [(id: UUID, role: Role, name: String, email: String, unit: UUID, unitName: String, hired: LocalDate)] = []
            var units: [(id: UUID, name: String, parent: UUID)] = []
            var managers: [(unit: UUID, manager: UUID)] = []
            let root = created.rootUnitID
            users.append((UUID(), .leader, "Lin Leader", "leader@\(domain)", root, name, today.adding(months: -60)))
            users.append((UUID(), .viewer, "Fay Finance", "viewer@\(domain)", root, name, today.adding(months: -30)))
            let director = UUID()
            users.append(
                (director, .manager, "Dana Director", "director@\(domain)", root, name, today.adding(months: -54)))
            managers.append((root, director))
            var teams: [(id: UUID, name: String, manager: UUID)] = []
            var regionIDs: [UUID] = []
            for (r, region) in ["North", "South"].enumerated() {
                let regionID = UUID()
                units.append((regionID, "\(region) region", root))
                regionIDs.append(regionID)
                let manager = UUID()
                users.append((manager, .manager, "\(region) Manager", "manager.\(region.lowercased())@\(domain)", regionID,
                              "\(region) region", today.adding(months: -48 - r)))
                managers.append((regionID, manager))
                for team in ["Key accounts", "Growth"] {
                    let teamID = UUID()
                    let teamName = "\(region) \(team)"
                    units.append((teamID, teamName, regionID))
                    let lead = UUID()
                    let slug = "\(region)-\(team)".lowercased().replacingOccurrences(of: " ", with: "-")
                    users.append((lead, .manager, "\(teamName) Lead", "lead.\(slug)@\(domain)", teamID, teamName,
                                  today.adding(months: -36)))
                    managers.append((teamID, lead))
                    teams.append((teamID, teamName, lead))
                }
            }
            let firstNames = ["Li", "Wang", "Zhang", "Chen", "Liu", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun",
                              "Ma", "Zhu", "Hu", "Guo", "He", "Lin", "Luo", "Gao"]
            for index in 0..<reps {
                let team = teams[index % teams.count]
                // Every fifth rep is new (hired within the last two months, so ramping in next year's plan).
                let hired = index % 5 == 4 ? today.adding(days: -(index % 50) - 5) : today.adding(months: -(6 + index % 60))
                let name = "\(firstNames[index % firstNames.count]) Rep \(index + 1)"
                users.append((UUID(), .rep, name, "rep\(index + 1)@\(domain)", team.id, team.name, hired))
            }
            try tx.execute(
                """
                INSERT INTO units (org_id, unit_id, name, parent_id)
                SELECT \(org), * FROM unnest(\(units.map(\.id))::uuid[], \(units.map(\.name))::text[], \(units.map(\.parent))::uuid[])
                """)
            try tx.execute(
                """
                INSERT INTO users (org_id, user_id, role, name, email, unit_id, hired_on, password_hash)
                SELECT \(org), u.*, \(passwordHash) FROM unnest(\(users.map(\.id))::uuid[], \(users.map(\.role.rawValue))::text[],
                    \(users.map(\.name))::text[], \(users.map(\.email))::text[], \(users.map(\.unit))::uuid[],
                    \(users.map(\.hired.description))::date[]) AS u
                """)
            try tx.execute(
                """
                UPDATE units SET manager_id = m.manager FROM unnest(\(managers.map(\.unit))::uuid[], \(managers.map(\.manager))::uuid[])
                    AS m(unit, manager)
                WHERE units.org_id = \(org) AND units.unit_id = m.unit
                """)
            // Tokens for everyone but the long tail of a large organization.
            let withTokens = users.filter { $0.role != .rep }.prefix(100) + users.filter { $0.role == .rep }.prefix(50)
            let tokens = withTokens.map { _ in BearerToken.generate(org: org) }
            try tx.execute(
                """
                INSERT INTO tokens (org_id, token_id, user_id, token_hash)
                SELECT \(org), gen_random_uuid(), t.user_id, decode(t.hash, 'hex')
                FROM unnest(\(withTokens.map(\.id))::uuid[], \(tokens.map(BearerToken.hash))::text[]) AS t(user_id, hash)
                """)
            let leader = users.first { $0.role == .leader }!.id
            let teamManagers = Dictionary(uniqueKeysWithValues: teams.map { ($0.id, $0.manager) })
            let reps: [(id: UUID, unit: UUID, hired: LocalDate, manager: UUID)] =
                users.filter { $0.role == .rep }.map { ($0.id, $0.unit, $0.hired, teamManagers[$0.unit]!) }
            var result = [DemoUser(role: .admin, name: "Ada Admin", email: "admin@\(domain)", unit: name, token: created.token)]
            for (user, token) in zip(withTokens, tokens) {
                result.append(DemoUser(role: user.role, name: user.name, email: user.email, unit: user.unitName, token: token))
            }
            return (users: result, leader: leader, director: director, reps: reps, regions: regionIDs)
        }
        try await seedDemoActuals(org: org, reps: seeded.reps.map { ($0.id, $0.hired) }, running: running, today: today)
        let planID = try await transaction(org) { tx in
            try seedDemoPlan(
                tx, org: org, root: created.rootUnitID, regions: seeded.regions, leader: seeded.leader, reps: seeded.reps,
                running: running, today: today)
        }
        let runningPlanID = try await seedRunningPlan(
            org: org, root: created.rootUnitID, regions: seeded.regions, leader: seeded.leader, director: seeded.director,
            reps: seeded.reps, start: running, today: today)
        let demo = DemoOrganization(orgID: org, users: seeded.users, planID: planID, runningPlanID: runningPlanID)
        // Fresh statistics (the planner would guess badly about the bulk-loaded tables) and a visibility map
        // (index-only scans), without waiting for autovacuum.
        try await pool.withConnection { connection in
            try connection.execute(
                raw: "VACUUM ANALYZE units, users, assignments, assignment_figures, proposals, goals, actuals, actuals_monthly, revisions")
        }
        return demo
    }
}
