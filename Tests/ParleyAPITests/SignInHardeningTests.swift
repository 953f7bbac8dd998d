import Foundation
import HTTPTypes
import NIOConcurrencyHelpers
import ParleyTestSupport
import Testing

@testable import ParleyAPI

@Suite("sign-in hardening: equal work for unknown e-mails, throttled failures")
struct SignInHardeningTests {
    /// Counts the bcrypt verifications sign-ins run.
    final class Verifications: Sendable {
        private let count = NIOLockedValueBox(0)
        var value: Int { count.withLockedValue { $0 } }
        func tick() { count.withLockedValue { $0 += 1 } }
        func reset() { count.withLockedValue { $0 = 0 } }
    }

    static func policy(
        _ verifications: Verifications, perEmail: Int = 5, perAddress: Int = 20,
        window: Duration = .seconds(900), trustForwardedFor: Bool = false
    ) -> SignInPolicy {
        SignInPolicy(
            failuresPerEmail: perEmail, failuresPerAddress: perAddress, window: window,
            trustForwardedFor: trustForwardedFor, onPasswordCheck: { verifications.tick() })
    }

    /// Creates a user who signs in with `password` and returns their e-mail.
    static func user(_ api: TestAPI, _ org: TestOrg, password: String? = "correct horse") async throws -> String {
        let email = uniqueEmail("signin")
        let created = try await api.request(
            .post, "/v1/users", token: org.adminToken,
            json: newUserBody(email: email, unit: org.rootUnitID, password: password))
        guard created.status == .created else { throw TestFailure("creating user failed: \(created.body)") }
        return email
    }

    static func signIn(
        _ api: TestAPI, _ email: String, _ password: String, forwardedFor: String? = nil
    ) async throws -> APIResponse {
        var headers: HTTPFields = [:]
        if let forwardedFor { headers[HTTPField.Name("X-Forwarded-For")!] = forwardedFor }
        return try await api.request(
            .post, "/v1/sessions", json: ["email": email, "password": password], headers: headers)
    }

    @Test("an unknown e-mail, or a user without a password, costs one bcrypt verification like a known one")
    func unknownEmailRunsBcrypt() async throws {
        let verifications = Verifications()
        try await TestAPI.run(signIn: Self.policy(verifications)) { api in
            let org = try await TestOrg.make(api)
            let known = try await Self.user(api, org)
            let passwordless = try await Self.user(api, org, password: nil)
            for (email, password, status) in [
                (known, "wrong horse", HTTPResponse.Status.unauthorized),
                (uniqueEmail("nobody"), "wrong horse", .unauthorized),
                (passwordless, "wrong horse", .unauthorized), (known, "correct horse", .created),
            ] {
                verifications.reset()
                let response = try await Self.signIn(api, email, password)
                #expect(response.status == status, "\(email): \(response.body)")
                #expect(verifications.value == 1, "\(email) ran \(verifications.value) bcrypt verifications")
            }
        }
    }

    @Test("the sixth failure for one e-mail is 429 with Retry-After, even with the right password, and runs no bcrypt")
    func perEmailLimit() async throws {
        let verifications = Verifications()
        try await TestAPI.run(signIn: Self.policy(verifications, perEmail: 5, window: .seconds(600))) { api in
            let org = try await TestOrg.make(api)
            let email = try await Self.user(api, org)
            for attempt in 1...5 {
                expectProblem(try await Self.signIn(api, email, "wrong \(attempt)"), .unauthorized, "unauthenticated")
            }
            verifications.reset()
            for password in ["wrong again", "correct horse"] {
                let refused = try await Self.signIn(api, email.uppercased(), password)
                expectProblem(refused, .tooManyRequests, "too_many_attempts")
                let retryAfter = try #require(refused.headers[.retryAfter].flatMap { Int($0) })
                #expect((1...600).contains(retryAfter))
                #expect(refused.problem?.retryAfter == retryAfter)
                #expect(refused.json?["token"] == nil, "raw JSON: no token member at all")
            }
            #expect(verifications.value == 0)
            // Another e-mail from the same client is not locked out by this one's failures.
            let other = try await Self.user(api, org)
            #expect(try await Self.signIn(api, other, "correct horse").status == .created)
        }
    }

    @Test("the failures age out of the sliding window; Retry-After says when the oldest one does")
    func windowSlides() throws {
        let throttle = SignInThrottle(
            policy: SignInPolicy(failuresPerEmail: 2, failuresPerAddress: 0, window: .seconds(60)))
        let start = ContinuousClock.now
        for offset in [0, 10] {
            guard case .success = throttle.admit(email: "a@example.com", address: "x", at: start + .seconds(offset))
            else {
                Issue.record("attempt at +\(offset) s refused")
                return
            }
        }
        guard case .failure(let wait) = throttle.admit(email: "A@example.com", address: "x", at: start + .seconds(30))
        else {
            Issue.record("the third attempt within the window was admitted")
            return
        }
        #expect(wait.seconds == 30)
        guard
            case .failure(let later) = throttle.admit(
                email: "a@example.com", address: "x", at: start + .milliseconds(59_500))
        else {
            Issue.record("admitted before the oldest failure left the window")
            return
        }
        #expect(later.seconds == 1)
        // At +60 s the first failure has left the window: one more attempt is admitted, and counted.
        guard
            case .success(let attempt) = throttle.admit(email: "a@example.com", address: "x", at: start + .seconds(60))
        else {
            Issue.record("refused after the oldest failure left the window")
            return
        }
        throttle.succeeded(attempt)
        if case .failure = throttle.admit(email: "a@example.com", address: "x", at: start + .seconds(61)) {
            Issue.record("a successful attempt was counted as a failure")
        }
    }

    @Test("twenty failures from one client address lock out every e-mail from it; X-Forwarded-For is ignored")
    func perAddressLimit() async throws {
        let verifications = Verifications()
        try await TestAPI.run(signIn: Self.policy(verifications, perEmail: 5, perAddress: 20)) { api in
            let org = try await TestOrg.make(api)
            let known = try await Self.user(api, org)
            for attempt in 1...20 {
                // A client cannot spread its failures over made-up addresses.
                let response = try await Self.signIn(
                    api, uniqueEmail("spray"), "guess", forwardedFor: "10.0.0.\(attempt)")
                expectProblem(response, .unauthorized, "unauthenticated")
            }
            let refused = try await Self.signIn(api, known, "correct horse", forwardedFor: "10.9.9.9")
            expectProblem(refused, .tooManyRequests, "too_many_attempts")
            #expect(refused.headers[.retryAfter] != nil)
        }
    }

    @Test("with PARLEY_TRUST_FORWARDED_FOR the proxy's X-Forwarded-For entry is the client address")
    func trustedForwardedFor() async throws {
        let verifications = Verifications()
        try await TestAPI.run(signIn: Self.policy(verifications, perAddress: 3, trustForwardedFor: true)) { api in
            let org = try await TestOrg.make(api)
            let known = try await Self.user(api, org)
            for _ in 1...3 {
                _ = try await Self.signIn(api, uniqueEmail("spray"), "guess", forwardedFor: "203.0.113.9, 10.0.0.1")
            }
            // The last entry is what the trusted proxy saw; the client-written entries before it do not count.
            expectProblem(
                try await Self.signIn(api, known, "correct horse", forwardedFor: "198.51.100.1, 10.0.0.1"),
                .tooManyRequests, "too_many_attempts")
            #expect(try await Self.signIn(api, known, "correct horse", forwardedFor: "10.0.0.2").status == .created)
        }
    }

    @Test("successful sign-ins are never throttled: fifty in a row from one address all answer 201")
    func successesAreNotCounted() async throws {
        let verifications = Verifications()
        try await TestAPI.run(signIn: Self.policy(verifications, perEmail: 2, perAddress: 3)) { api in
            let org = try await TestOrg.make(api)
            let email = try await Self.user(api, org)
            for _ in 1...50 {
                let response = try await Self.signIn(api, email, "correct horse")
                #expect(response.status == .created, "\(response.body)")
            }
            // One failure among them still counts as one.
            expectProblem(try await Self.signIn(api, email, "wrong horse"), .unauthorized, "unauthenticated")
            #expect(try await Self.signIn(api, email, "correct horse").status == .created)
        }
    }

    @Test("concurrent guesses cannot slip past the limit: each attempt counts before its password is checked")
    func concurrentGuesses() async throws {
        let verifications = Verifications()
        try await TestAPI.run(signIn: Self.policy(verifications, perEmail: 5)) { api in
            let org = try await TestOrg.make(api)
            let email = try await Self.user(api, org)
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                for attempt in 0..<30 { group.addTask { try await Self.signIn(api, email, "guess \(attempt)").status } }
                return try await group.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            #expect(statuses.filter { $0 == .unauthorized }.count == 5)
            #expect(statuses.filter { $0 == .tooManyRequests }.count == 25)
            #expect(verifications.value == 5)
        }
    }

    @Test("IPv6 clients count by their /64; IPv4-mapped IPv6 addresses count as IPv4")
    func addressKeys() {
        #expect(SignInPolicy.throttleKey(address: "192.0.2.7") == "192.0.2.7")
        #expect(SignInPolicy.throttleKey(address: "::ffff:192.0.2.7") == "192.0.2.7")
        #expect(
            SignInPolicy.throttleKey(address: "2001:db8:1:2:aaaa::1")
                == SignInPolicy.throttleKey(address: "2001:db8:1:2:ffff:ffff:ffff:ffff"))
        #expect(
            SignInPolicy.throttleKey(address: "2001:db8:1:2::1") != SignInPolicy.throttleKey(address: "2001:db8:1:3::1")
        )
    }

    @Test("the limits come from the environment, with documented defaults")
    func environment() {
        let defaults = SignInPolicy.fromEnvironment([:])
        #expect(defaults.failuresPerEmail == 5)
        #expect(defaults.failuresPerAddress == 20)
        #expect(defaults.window == .seconds(900))
        #expect(defaults.trustForwardedFor == false)
        #expect(defaults.sessionLifetime == .seconds(12 * 3600))
        let set = SignInPolicy.fromEnvironment([
            "PARLEY_SIGNIN_FAILURES_PER_EMAIL": "3", "PARLEY_SIGNIN_FAILURES_PER_ADDRESS": "0",
            "PARLEY_SIGNIN_WINDOW_SECONDS": "60", "PARLEY_TRUST_FORWARDED_FOR": "true", "PARLEY_SESSION_HOURS": "2",
        ])
        #expect(set.failuresPerEmail == 3)
        #expect(set.failuresPerAddress == 0)
        #expect(set.window == .seconds(60))
        #expect(set.trustForwardedFor)
        #expect(set.sessionLifetime == .seconds(7200))
        #expect(SignInPolicy.fromEnvironment(["PARLEY_SESSION_HOURS": "-1"]).sessionLifetime == .seconds(12 * 3600))
    }
}
