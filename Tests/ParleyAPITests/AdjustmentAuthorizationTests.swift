import Foundation
import HTTPTypes
import ParleyDomain
import ParleyTestSupport
import Testing

/// Authorization comes before validation: a caller who may not act learns nothing from the error, neither
/// which reps exist in the plan nor which months are their ramp months.
@Suite("authorize before validating")
struct AdjustmentAuthorizationTests {
    @Test("a rep, viewer or admin gets 403 with no field errors, whatever the body says")
    func nonRequesters() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .locked)
            let probes: [[[String: Any]]] = [
                // Another rep's ramp month: would be a ramp-rule error naming changes[0].value.
                [AdjustmentTests.change(fixture.newcomer, "2027-01", 1)],
                // A rep that does not exist: would be "has no assignment".
                [["rep_id": UUID().uuidString, "metric": "revenue", "month": "2027-07", "value": 1]],
                // The outsider, who has no assignment in this plan.
                [AdjustmentTests.change(fixture.outsider, "2027-07", 1)],
                [],
            ]
            for member in [fixture.veteran, fixture.viewer, fixture.admin] {
                for changes in probes {
                    let response = try await AdjustmentTests.request(fixture, by: member, changes: changes)
                    #expect(response.status == .forbidden, "\(response.body)")
                    #expect(response.errorFields.isEmpty, "\(response.body)")
                }
            }
        }
    }

    @Test("a rep gets 403, not 409, on a plan that is not locked")
    func repBeforeState() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .agreed)
            let response = try await AdjustmentTests.request(
                fixture, by: fixture.veteran, changes: [AdjustmentTests.change(fixture.veteran, "2027-07", 1)])
            #expect(response.status == .forbidden, "\(response.body)")
            let leader = try await AdjustmentTests.request(
                fixture, by: fixture.leader, changes: [AdjustmentTests.change(fixture.veteran, "2027-07", 1)])
            #expect(leader.code == "invalid_state")
        }
    }

    @Test("a manager naming a rep they do not manage, or one not in the plan, gets 403 without field errors")
    func managerOutsideTheirReps() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .locked)
            for changes in [
                [AdjustmentTests.change(fixture.newcomer, "2027-01", 1)],
                [["rep_id": UUID().uuidString, "metric": "bogus", "month": "2031-07", "value": -1]],
                [
                    AdjustmentTests.change(fixture.veteran, "2027-07", 1),
                    AdjustmentTests.change(fixture.outsider, "2099-01", 1),
                ],
            ] {
                let response = try await AdjustmentTests.request(fixture, by: fixture.otherManager, changes: changes)
                #expect(response.status == .forbidden, "\(response.body)")
                #expect(response.errorFields.isEmpty, "\(response.body)")
            }
            // The reps' own manager still gets the field errors about reps they manage.
            let own = try await AdjustmentTests.request(
                fixture, by: fixture.manager, changes: [AdjustmentTests.change(fixture.newcomer, "2027-01", 1)])
            #expect(own.status == .unprocessableContent, "\(own.body)")
            #expect(own.errorFields == ["changes[0].value"], "\(own.body)")
            // And a leader learns that a rep has no assignment: leaders see every assignment anyway.
            let leader = try await AdjustmentTests.request(
                fixture, by: fixture.leader, changes: [AdjustmentTests.change(fixture.outsider, "2027-07", 1)])
            #expect(leader.errorFields == ["changes[0].rep_id"], "\(leader.body)")
        }
    }

    @Test("deciding an adjustment: a rep or viewer gets 403 whether or not the adjustment exists")
    func decisionsBeforeLookup() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .locked)
            let created = try await AdjustmentTests.request(
                fixture, by: fixture.manager, changes: [AdjustmentTests.change(fixture.veteran, "2027-07", 1)])
            let id = try created.expect(.created, as: API.Adjustment.self).id
            for member in [fixture.veteran, fixture.viewer] {
                for adjustment in [id, UUID()] {
                    let response = try await AdjustmentTests.decide(fixture, adjustment, "approve", by: member)
                    #expect(response.status == .forbidden, "\(response.body)")
                }
            }
            #expect(
                try await AdjustmentTests.decide(fixture, UUID(), "approve", by: fixture.leader).status == .notFound)
        }
    }

    @Test("reconciliation: a rep gets 403 for any metric or unit, before the parameters are checked")
    func reconciliationBeforeParameters() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .proposed)
            for (unit, metric) in [(nil, "bogus"), (UUID(), "revenue"), (fixture.team, "bogus")] as [(UUID?, String)] {
                let response = try await fixture.reconciliation(unit: unit, metric: metric, as: fixture.veteran)
                #expect(response.status == .forbidden, "\(response.body)")
                #expect(response.errorFields.isEmpty)
            }
            #expect(try await fixture.reconciliation(metric: "bogus").errorFields == ["metric"])
        }
    }

    @Test("a goal PUT by a rep or viewer is 403 whether or not the unit exists, and whatever the body")
    func goalsBeforeUnits() async throws {
        try await TestAPI.run(today: PlanFixture.today) { api in
            let fixture = try await PlanFixture.make(api, stage: .draft)
            for member in [fixture.veteran, fixture.viewer, fixture.admin] {
                for unit in [fixture.team, UUID()] {
                    let response = try await fixture.putGoal(unit, values: ["bogus": ["annual": -1]], by: member)
                    #expect(response.status == .forbidden, "\(response.body)")
                    #expect(response.errorFields.isEmpty)
                }
            }
            #expect(try await fixture.putGoal(UUID(), values: [:], by: fixture.leader).status == .notFound)
        }
    }
}
