import Foundation
import Testing

@testable import ParleyDomain

@Suite struct NegotiationTests {
    @Test func kinds() {
        #expect(Negotiation.kind(of: .rep, existingSides: []) == .estimate)
        #expect(Negotiation.kind(of: .manager, existingSides: []) == .topDown)
        #expect(Negotiation.kind(of: .manager, existingSides: [.rep]) == .topDown)
        #expect(Negotiation.kind(of: .rep, existingSides: [.manager]) == .estimate)
        #expect(Negotiation.kind(of: .rep, existingSides: [.rep, .manager]) == .counter)
        #expect(Negotiation.kind(of: .manager, existingSides: [.manager]) == .counter)
    }

    @Test func proposingSupersedesSameSideOpenOnly() throws {
        let repOpen = ProposalSummary(id: UUID(), side: .rep, status: .open)
        let repOld = ProposalSummary(id: UUID(), side: .rep, status: .superseded)
        let managerOpen = ProposalSummary(id: UUID(), side: .manager, status: .open)
        let outcome = try Negotiation.propose(
            by: .rep, planState: .inDiscussion, existing: [repOld, repOpen, managerOpen])
        #expect(outcome.kind == .counter)
        #expect(outcome.superseded == [repOpen.id])
        #expect(outcome.assignmentState == .estimateSubmitted)
        let counter = try Negotiation.propose(by: .manager, planState: .proposed, existing: [repOpen])
        #expect(counter.kind == .topDown)
        #expect(counter.superseded.isEmpty)
        #expect(counter.assignmentState == .countered)
    }

    @Test func proposingNeedsAnOpenPlan() {
        for state in PlanState.allCases where state != .proposed && state != .inDiscussion {
            #expect(throws: NegotiationError.self) {
                try Negotiation.propose(by: .rep, planState: state, existing: [])
            }
        }
    }

    @Test func accepting() throws {
        let repOpen = ProposalSummary(id: UUID(), side: .rep, status: .open)
        #expect(try Negotiation.accept(repOpen, by: .manager, planState: .inDiscussion) == .agreed)
        #expect(throws: NegotiationError.forbidden("a proposal can only be accepted by the other side")) {
            try Negotiation.accept(repOpen, by: .rep, planState: .inDiscussion)
        }
        let superseded = ProposalSummary(id: UUID(), side: .manager, status: .superseded)
        #expect(throws: NegotiationError.invalidState("the proposal is superseded, not open")) {
            try Negotiation.accept(superseded, by: .rep, planState: .proposed)
        }
        let accepted = ProposalSummary(id: UUID(), side: .manager, status: .accepted)
        #expect(throws: NegotiationError.invalidState("the proposal is accepted, not open")) {
            try Negotiation.accept(accepted, by: .rep, planState: .proposed)
        }
        #expect(throws: NegotiationError.self) {
            try Negotiation.accept(repOpen, by: .manager, planState: .locked)
        }
    }
}
