import Foundation
import NIOConcurrencyHelpers
import ParleyStore

/// Remembers recently authenticated tokens for a few seconds, so a busy client costs one token lookup per
/// `lifetime` instead of one per request.
///
/// Signing out and changing a user evict the affected entries on this instance at once; another instance
/// behind the same load balancer may honour a revoked token, or an old role, for at most `lifetime`.
/// Set the lifetime to zero (`PARLEY_AUTH_CACHE_SECONDS=0`) to look every token up every time.
/// An entry never outlives its token's own expiry.
final class AuthenticationCache: Sendable {
    private struct Entry {
        var caller: Caller
        var expires: ContinuousClock.Instant
    }

    private struct State {
        var entries: [String: Entry] = [:]
        /// Bumped by every eviction. A lookup that began before an eviction may have read the database
        /// before the revocation committed; its answer must not be remembered, or it would put the revoked
        /// token (or the old role) back for a whole `lifetime`. Evictions are rare (sign-outs, user
        /// changes), so one counter for all keys drops few inserts and needs no memory per token.
        var generation: UInt64 = 0
    }

    private let state = NIOLockedValueBox(State())
    private let lifetime: Duration
    private static let capacity = 100_000

    init(lifetime: Duration) {
        self.lifetime = lifetime
    }

    /// The caller for a token, authenticating through `lookup` when not cached.
    func caller(for token: String, lookup: (String) async throws -> Caller?) async throws -> Caller? {
        guard lifetime > .zero else { return try await lookup(token) }
        let now = ContinuousClock.now
        let (cached, generation) = state.withLockedValue { ($0.entries[token], $0.generation) }
        if let cached, cached.expires > now { return cached.caller }
        guard let caller = try await lookup(token) else { return nil }
        var expires = now + lifetime
        if let tokenExpiry = caller.expiresAt {
            let remaining = tokenExpiry.timeIntervalSinceNow
            guard remaining > 0 else { return nil }
            expires = min(expires, now + .milliseconds(Int64(min(remaining, 86_400) * 1000)))
        }
        state.withLockedValue { state in
            guard state.generation == generation else { return }
            if state.entries.count >= Self.capacity { state.entries = state.entries.filter { $0.value.expires > now } }
            if state.entries.count >= Self.capacity { state.entries.removeAll(keepingCapacity: true) }
            state.entries[token] = Entry(caller: caller, expires: expires)
        }
        return caller
    }

    /// Forgets one token (it was revoked).
    func evict(token: String) {
        state.withLockedValue { state in
            state.generation &+= 1
            state.entries.removeValue(forKey: token)
        }
    }

    /// Forgets every token of a user (their role, unit or password changed).
    func evict(user: UUID) {
        state.withLockedValue { state in
            state.generation &+= 1
            state.entries = state.entries.filter { $0.value.caller.userID != user }
        }
    }
}
