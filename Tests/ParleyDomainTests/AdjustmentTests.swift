import Testing

@testable import ParleyDomain

@Suite struct AdjustmentTests {
    func decide(
        _ action: AdjustmentAction, _ state: AdjustmentState, approver: Bool, requester: Bool, comment: String? = "ok"
    ) -> Result<AdjustmentState, AdjustmentError> {
        do throws(AdjustmentError) {
            return .success(
                try Adjustments.decide(
                    action, in: state, isApprover: approver, isRequester: requester, comment: comment))
        } catch {
            return .failure(error)
        }
    }

    @Test func decisionsOnPending() {
        #expect(decide(.approve, .pending, approver: true, requester: false) == .success(.approved))
        #expect(decide(.reject, .pending, approver: true, requester: false) == .success(.rejected))
        #expect(decide(.withdraw, .pending, approver: false, requester: true) == .success(.withdrawn))
        #expect(decide(.approve, .pending, approver: true, requester: true) == .failure(.forbidden))
        #expect(decide(.reject, .pending, approver: false, requester: false) == .failure(.forbidden))
        #expect(decide(.withdraw, .pending, approver: true, requester: false) == .failure(.forbidden))
        #expect(
            decide(.reject, .pending, approver: true, requester: false, comment: nil)
                == .failure(.guardFailed(reasons: ["a comment is required"])))
        #expect(decide(.approve, .pending, approver: true, requester: false, comment: nil) == .success(.approved))
    }

    @Test func decisionsWhenNoLongerPending() {
        for state in [AdjustmentState.approved, .rejected, .withdrawn] {
            for action in AdjustmentAction.allCases {
                let result = decide(action, state, approver: action != .withdraw, requester: action == .withdraw)
                guard case .failure(.invalidState) = result else {
                    Issue.record("\(action) on \(state) gave \(result)")
                    continue
                }
            }
        }
    }

    @Test("the review's table, restated: only pending adjustments are decided, by whom, with which guard")
    func transitionTable() {
        let rows = Set(Adjustments.transitions.map { "\($0.from) \($0.action) → \($0.to) \($0.permission) \($0.guardKind)" })
        #expect(
            rows == [
                "pending approve → approved approverNotRequester none",
                "pending reject → rejected approverNotRequester commentRequired",
                "pending withdraw → withdrawn requester none",
            ])
    }

    @Test("state first, then permission, as in the plan workflow: a stranger to a decided adjustment hears it is decided")
    func stateBeforePermission() {
        for state in [AdjustmentState.approved, .rejected, .withdrawn] {
            for action in AdjustmentAction.allCases {
                let result = decide(action, state, approver: false, requester: false)
                guard case .failure(.invalidState) = result else {
                    Issue.record("\(action) on \(state) by a stranger gave \(result)")
                    continue
                }
            }
        }
    }

    @Test func onlyFutureMonthsMayChange() throws {
        let today = try #require(LocalDate("2027-06-30"))
        #expect(!Adjustments.mayChange(month: try #require(YearMonth("2027-06")), today: today))
        #expect(!Adjustments.mayChange(month: try #require(YearMonth("2027-05")), today: today))
        #expect(Adjustments.mayChange(month: try #require(YearMonth("2027-07")), today: today))
        let failures = Adjustments.monthFailures(
            [try #require(YearMonth("2027-06")), try #require(YearMonth("2027-08"))], today: today)
        #expect(failures.count == 1)
        #expect(Adjustments.mayRequest(planState: .locked))
        #expect(!Adjustments.mayRequest(planState: .pendingApproval))
    }
}
