import Foundation
import Postgres

/// A response kept for replay.
public struct StoredResponse: Sendable {
    /// HTTP status code.
    public var status: Int
    /// The headers worth replaying (content type, ETag, Location).
    public var headers: [String: String]
    public var body: [UInt8]

    /// Creates a stored response.
    public init(status: Int, headers: [String: String], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

/// What reserving an idempotency key found.
public enum IdempotencyReservation: Sendable {
    /// The key is new and now reserved for this request.
    case reserved
    /// The key was used with a different request.
    case reused
    /// The key's request finished; replay its response.
    case completed(StoredResponse)
}

extension Store {
    /// How long keys are kept. The contract asks for at least 24 hours.
    public static let idempotencyRetention = "48 hours"

    /// Reserves `key` for the caller, or reports what an earlier request with it did.
    ///
    /// Run inside the request's shared transaction: the insert waits for a concurrent transaction that
    /// inserted the same key, and the reservation becomes visible only when the work commits with it.
    public func reserveIdempotencyKey(caller: Caller, key: String, fingerprint: Data) async throws
        -> IdempotencyReservation
    {
        let org = caller.orgID
        let user = caller.userID
        return try await transaction(org) { tx in
            let inserted = try tx.query(
                """
                INSERT INTO idempotency_keys (org_id, user_id, key, request_hash, status, body)
                VALUES (\(org), \(user), \(key), \(fingerprint), 0, ''::bytea)
                ON CONFLICT (org_id, user_id, key) DO NOTHING RETURNING 1
                """)
            if !inserted.isEmpty { return .reserved }
            let row = try tx.one(
                """
                SELECT request_hash, status, headers::text, body, created_at < now() - \(Self.idempotencyRetention)::interval
                FROM idempotency_keys WHERE org_id = \(org) AND user_id = \(user) AND key = \(key) FOR UPDATE
                """)
            let (fingerprintStored, status, headers, body, expired) = try row.decode(
                (Data, Int, JSONColumn<[String: String]>, Data, Bool).self)
            // Expired, or left "in progress" (status 0) by a version that reserved keys in a transaction of
            // their own and crashed before finishing: the key starts a new life.
            if expired || status == 0 {
                try tx.execute(
                    """
                    UPDATE idempotency_keys SET request_hash = \(fingerprint), status = 0, headers = '{}', body = '',
                        created_at = now()
                    WHERE org_id = \(org) AND user_id = \(user) AND key = \(key)
                    """)
                return .reserved
            }
            guard fingerprintStored == fingerprint else { return .reused }
            return .completed(StoredResponse(status: status, headers: headers.value, body: Array(body)))
        }
    }

    /// Records the response of a reserved key.
    public func completeIdempotencyKey(caller: Caller, key: String, response: StoredResponse) async throws {
        let headers = String(decoding: try JSONEncoder().encode(response.headers), as: UTF8.self)
        try await transaction(caller.orgID) { tx in
            try tx.execute(
                """
                UPDATE idempotency_keys SET status = \(response.status), headers = \(headers)::jsonb, body = \(Data(response.body))
                WHERE org_id = \(caller.orgID) AND user_id = \(caller.userID) AND key = \(key)
                """)
        }
    }
}
