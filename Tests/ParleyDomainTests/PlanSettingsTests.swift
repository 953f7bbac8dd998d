import Foundation
import ParleyDomain
import Testing

@Suite("plan settings")
struct PlanSettingsTests {
    let leader = UUID()
    let unit = UUID()

    @Test("defaults fill what a client leaves out")
    func defaults() throws {
        let settings = try PlanSettings(
            PlanFields(name: "FY", unitID: unit, startMonth: YearMonth("2027-01")), approvers: [leader],
            eligibleApprovers: [leader])
        #expect(settings.months == 12)
        #expect(settings.currency == "CNY")
        #expect(settings.rampMonths == 3)
        #expect(settings.stretchLimitBps == 13_000)
        #expect(settings.toleranceBps == 100)
        #expect(settings.requiredApprovals == 1)
        #expect(settings.metrics == MetricDefinition.defaults)
    }

    @Test("every bad field is named at once, and nothing is built")
    func everyErrorAtOnce() {
        let other = UUID()
        #expect(throws: ValidationError.self) {
            try PlanSettings(PlanFields(name: "x"), approvers: [], eligibleApprovers: [])
        }
        do {
            _ = try PlanSettings(
                PlanFields(
                    name: " ", unitID: unit, months: 37, currency: "cny", rampMonths: -1, stretchLimitBps: -1,
                    toleranceBps: 10_001, requiredApprovals: 3),
                approvers: [leader, other], eligibleApprovers: [leader])
            Issue.record("accepted")
        } catch {
            #expect(
                error.errors.map(\.field) == [
                    "name", "months", "currency", "ramp_months", "stretch_limit_bps", "tolerance_bps", "approver_ids",
                    "required_approvals", "start_month",
                ])
        }
    }

    @Test("approvers are kept once each, in the order named")
    func distinctApprovers() {
        let other = UUID()
        #expect(PlanSettings.distinct([leader, other, leader]) == [leader, other])
    }
}
