/// An error from PostgreSQL or from this client, carrying the SQLSTATE when the server sent one.
///
/// `description` names the kind and SQLSTATE only: the server's message can quote values, so it is kept
/// in `message`/`detail` for logs the caller chooses to write, never printed implicitly.
public struct PostgresError: Error, Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// Where the failure happened.
    public enum Kind: String, Sendable {
        case connection, query, decoding, encoding, poolClosed
    }

    /// Where the failure happened.
    public var kind: Kind
    /// The five-character SQLSTATE, when the server reported one.
    public var sqlState: String?
    /// The server's (or client's) primary message. May contain values; do not send to clients.
    public var message: String
    /// The server's detail field, if any.
    public var detail: String?
    /// The violated constraint's name, if any.
    public var constraint: String?

    /// Creates an error.
    public init(
        kind: Kind, sqlState: String? = nil, message: String, detail: String? = nil, constraint: String? = nil
    ) {
        self.kind = kind
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
        self.constraint = constraint
    }

    /// A description safe for any log: no query text, no values.
    public var description: String {
        "PostgresError(\(kind.rawValue)\(sqlState.map { ", sqlstate: \($0)" } ?? "")\(constraint.map { ", constraint: \($0)" } ?? ""))"
    }

    /// Everything known, libpq's and the server's messages included, for the server's own logs (as
    /// PostgresNIO's `PSQLError` does): never for a client, since messages can quote values.
    public var debugDescription: String {
        var parts = [kind.rawValue]
        if let sqlState { parts.append("sqlstate: \(sqlState)") }
        if let constraint { parts.append("constraint: \(constraint)") }
        parts.append("message: \(message)")
        if let detail { parts.append("detail: \(detail)") }
        return "PostgresError(\(parts.joined(separator: ", ")))"
    }

    /// The constraint's name as declared: on a Citus shard the server names the shard's copy, the declared name
    /// with `_<shard id>` appended (`users_email_check_102561`), so that suffix is dropped. A Citus coordinator
    /// relays a worker's error without the constraint field, so then the name is read from the message
    /// (`... violates foreign key constraint "units_org_id_manager_id_fkey_102564"`).
    public var declaredConstraint: String? {
        let name = constraint ?? Self.quotedConstraint(in: message)
        guard let name, let underscore = name.lastIndex(of: "_") else { return name }
        let suffix = name[name.index(after: underscore)...]
        guard !suffix.isEmpty, suffix.allSatisfy({ $0.isASCII && $0.isNumber }) else { return name }
        return String(name[..<underscore])
    }

    private static func quotedConstraint(in message: String) -> String? {
        guard let marker = message.range(of: "constraint \""),
            let end = message[marker.upperBound...].firstIndex(of: "\"")
        else { return nil }
        return String(message[marker.upperBound..<end])
    }

    /// `23505`: a unique constraint was violated.
    public var isUniqueViolation: Bool { sqlState == "23505" }
    /// `23503`: a foreign key was violated.
    public var isForeignKeyViolation: Bool { sqlState == "23503" }
    /// `40001` or `40P01`: the transaction lost a race and may simply be run again.
    public var isRetryable: Bool { sqlState == "40001" || sqlState == "40P01" }
    /// The database cannot be reached or is not accepting work right now (down, restarting, shutting down,
    /// out of connections): the request may succeed later, so it is a `503`, not a server bug.
    public var isUnavailable: Bool {
        switch kind {
        case .connection, .poolClosed: return true
        case .query, .decoding, .encoding:
            guard let sqlState else { return false }
            return sqlState.hasPrefix("08") || ["57P01", "57P02", "57P03", "53300"].contains(sqlState)
        }
    }
}
