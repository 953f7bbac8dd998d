import Foundation
import HTTPTypes
import Hummingbird
import NIOConcurrencyHelpers
import NIOCore

/// How signing in is guarded: failure limits, whose address counts, and how long a session lasts.
public struct SignInPolicy: Sendable {
    /// Failed sign-ins per e-mail address within `window` before further attempts get `429` (0: no limit).
    public var failuresPerEmail: Int
    /// Failed sign-ins per client address within `window` before further attempts get `429` (0: no limit).
    public var failuresPerAddress: Int
    /// The sliding window the failures are counted in.
    public var window: Duration
    /// Whether the client address is the last entry of `X-Forwarded-For` (set by a trusted proxy) instead of
    /// the connection's peer address.
    public var trustForwardedFor: Bool
    /// How long a session token from `POST /v1/sessions` works (fixed from its issue).
    public var sessionLifetime: Duration
    /// Called once for every bcrypt verification a sign-in runs (tests count them).
    public var onPasswordCheck: @Sendable () -> Void

    /// Creates a policy; the defaults are the documented ones.
    public init(
        failuresPerEmail: Int = 5, failuresPerAddress: Int = 20, window: Duration = .seconds(15 * 60),
        trustForwardedFor: Bool = false, sessionLifetime: Duration = .seconds(12 * 3600),
        onPasswordCheck: @escaping @Sendable () -> Void = {}
    ) {
        self.failuresPerEmail = failuresPerEmail
        self.failuresPerAddress = failuresPerAddress
        self.window = window
        self.trustForwardedFor = trustForwardedFor
        self.sessionLifetime = sessionLifetime
        self.onPasswordCheck = onPasswordCheck
    }

    /// The defaults, overridden by `PARLEY_SIGNIN_FAILURES_PER_EMAIL`, `PARLEY_SIGNIN_FAILURES_PER_ADDRESS`,
    /// `PARLEY_SIGNIN_WINDOW_SECONDS`, `PARLEY_TRUST_FORWARDED_FOR` and `PARLEY_SESSION_HOURS`.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Self {
        var policy = SignInPolicy()
        func number(_ name: String, _ range: ClosedRange<Int>) -> Int? {
            environment[name].flatMap { Int($0) }.flatMap { range.contains($0) ? $0 : nil }
        }
        if let value = number("PARLEY_SIGNIN_FAILURES_PER_EMAIL", 0...1_000_000) { policy.failuresPerEmail = value }
        if let value = number("PARLEY_SIGNIN_FAILURES_PER_ADDRESS", 0...1_000_000) { policy.failuresPerAddress = value }
        if let value = number("PARLEY_SIGNIN_WINDOW_SECONDS", 1...86_400) { policy.window = .seconds(value) }
        if let value = number("PARLEY_SESSION_HOURS", 1...8_760) { policy.sessionLifetime = .seconds(value * 3600) }
        if let value = environment["PARLEY_TRUST_FORWARDED_FOR"]?.lowercased() {
            policy.trustForwardedFor = ["1", "true", "yes", "on"].contains(value)
        }
        return policy
    }

    /// The address failures are counted against: the connection's peer, or the address the trusted proxy
    /// appended to `X-Forwarded-For`. IPv6 peers count by their /64, which one subscriber usually holds whole.
    func clientAddress(_ request: Request, peer: SocketAddress?) -> String {
        if trustForwardedFor, let name = Self.forwardedFor, let forwarded = request.headers[values: name].last,
            let last = forwarded.split(separator: ",").last?.trimmingCharacters(in: .whitespaces), !last.isEmpty
        {
            return Self.throttleKey(address: last)
        }
        return peer?.ipAddress.map(Self.throttleKey(address:)) ?? "unknown"
    }

    private static let forwardedFor = HTTPField.Name("X-Forwarded-For")

    /// IPv4 addresses as they are; IPv6 addresses by their /64 prefix (IPv4-mapped ones as IPv4).
    static func throttleKey(address: String) -> String {
        var bytes = [UInt8](repeating: 0, count: 16)
        guard address.contains(":"), inet_pton(AF_INET6, address, &bytes) == 1 else { return address }
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff {
            return bytes[12..<16].map(String.init).joined(separator: ".")
        }
        return bytes[0..<8].map { String(format: "%02x", $0) }.joined() + "::/64"
    }
}

/// Counts failed sign-ins per e-mail and per client address in a sliding window, in this instance's memory
/// (instances behind a load balancer each count their own, so N instances allow up to N times the limit).
///
/// Each attempt is counted as a failure before its password is checked, so concurrent guesses cannot all
/// slip past the limit; a successful attempt takes its count back, so successful sign-ins never add up to a
/// `429`. While a key is over its limit every attempt is refused, a correct password too: otherwise the
/// answer to a guess would still tell whether it was right.
final class SignInThrottle: Sendable {
    /// An admitted attempt, to be settled as a success or left standing as a failure.
    struct Attempt: Sendable {
        fileprivate let keys: [Key]
        fileprivate let at: ContinuousClock.Instant
    }

    fileprivate enum Key: Hashable, Sendable {
        case email(String)
        case address(String)
    }

    private let policy: SignInPolicy
    private let failures = NIOLockedValueBox<[Key: [ContinuousClock.Instant]]>([:])
    /// Bounds memory under a flood of distinct e-mails or addresses.
    private static let capacity = 50_000

    init(policy: SignInPolicy) {
        self.policy = policy
    }

    /// Admits an attempt (counting it as a failure until `succeeded`), or answers how long to wait.
    func admit(email: String, address: String, at now: ContinuousClock.Instant = .now) -> Result<Attempt, RetryAfter> {
        let limited = [
            (Key.email(email.lowercased()), policy.failuresPerEmail), (Key.address(address), policy.failuresPerAddress),
        ]
        .filter { $0.1 > 0 }
        return failures.withLockedValue { failures in
            var wait = Duration.zero
            for (key, limit) in limited {
                let recent = (failures[key] ?? []).filter { now - $0 < policy.window }
                failures[key] = recent.isEmpty ? nil : recent
                if recent.count >= limit, let oldest = recent.suffix(limit).first {
                    wait = max(wait, policy.window - (now - oldest))
                }
            }
            if wait > .zero { return .failure(RetryAfter(wait: wait)) }
            if failures.count >= Self.capacity { Self.shrink(&failures, now: now, window: policy.window) }
            for (key, limit) in limited {
                failures[key, default: []].append(now)
                if let count = failures[key]?.count, count > limit { failures[key]?.removeFirst(count - limit) }
            }
            return .success(Attempt(keys: limited.map(\.0), at: now))
        }
    }

    /// The attempt signed in: it is no failure.
    func succeeded(_ attempt: Attempt) {
        failures.withLockedValue { failures in
            for key in attempt.keys {
                guard let index = failures[key]?.lastIndex(of: attempt.at) else { continue }
                failures[key]?.remove(at: index)
                if failures[key]?.isEmpty == true { failures[key] = nil }
            }
        }
    }

    private static func shrink(
        _ failures: inout [Key: [ContinuousClock.Instant]], now: ContinuousClock.Instant, window: Duration
    ) {
        failures = failures.filter { entry in entry.value.contains { now - $0 < window } }
        // Still full of live keys: forget some rather than grow without bound.
        while failures.count >= capacity * 3 / 4, let key = failures.keys.first { failures[key] = nil }
    }
}

/// How long a refused client should wait.
struct RetryAfter: Error, Sendable {
    var wait: Duration

    /// Whole seconds, rounded up, at least 1 (the `Retry-After` header's form).
    var seconds: Int64 {
        let (whole, fraction) = wait.components
        return max(1, whole + (fraction > 0 ? 1 : 0))
    }
}

extension Problem {
    /// `429` with `Retry-After`.
    static func tooManyRequests(_ code: String, _ detail: String, retryAfter: RetryAfter) -> Problem {
        var problem = Problem(.tooManyRequests, code, detail)
        problem.headers[.retryAfter] = "\(retryAfter.seconds)"
        problem.extensions["retry_after"] = .int(retryAfter.seconds)
        return problem
    }
}
