import Foundation
import NIOConcurrencyHelpers
import ParleyStore

/// Remembers recently authenticated tokens for a few seconds, so a busy client costs one token lookup per
/// `lifetime` instead of one per request.
///
/// Signing out and changing a user evict the affected entries on this instance at once; another instance
/// behind the same load balancer may honour a revoked token, or an old role, for at most `lifetime`.
/// Set the lifetime to zero (`PARLEY_AUTH_CACHE_SECONDS=0`) to look every token up every time.
final class AuthenticationCache: Sendable {
    private struct Entry {
        var caller: Caller
        var expires: ContinuousClock.Instant
    }

    private let entries = NIOLockedValueBox<[String: Entry]>([:])
    private let lifetime: Duration
    private static let capacity = 100_000

    init(lifetime: Duration) {
        self.lifetime = lifetime
    }

    /// The caller for a token, authenticating through `lookup` when not cached.
    func caller(for token: String, lookup: (String) async throws -> Caller?) async throws -> Caller? {
        guard lifetime > .zero else { return try await lookup(token) }
        let now = ContinuousClock.now
        if let entry = entries.withLockedValue({ $0[token] }), entry.expires > now { return entry.caller }
        guard let caller = try await lookup(token) else { return nil }
        entries.withLockedValue { entries in
            if entries.count >= Self.capacity { entries = entries.filter { $0.value.expires > now } }
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[token] = Entry(caller: caller, expires: now + lifetime)
        }
        return caller
    }

    /// Forgets one token (it was revoked).
    func evict(token: String) {
        _ = entries.withLockedValue { $0.removeValue(forKey: token) }
    }

    /// Forgets every token of a user (their role or unit changed).
    func evict(user: UUID) {
        entries.withLockedValue { entries in entries = entries.filter { $0.value.caller.userID != user } }
    }
}
