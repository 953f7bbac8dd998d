import ParleyDomain

/// Why a use case refused or failed, in terms the API maps to problem details in one place.
public enum StoreError: Error, Sendable, Equatable {
    /// The resource does not exist in the caller's org, or the caller may not know it exists.
    case notFound
    /// The caller may see the resource but not do this.
    case forbidden(String)
    /// A uniqueness rule was broken (e.g. the e-mail is taken).
    case conflict(String)
    /// `If-Match` named a version that is no longer current.
    case versionConflict(current: Int64)
    /// The body is well-formed but its values are not acceptable.
    case validation([FieldError])
    /// The resource's state does not allow this.
    case invalidState(String)
    /// A workflow action not allowed from the plan's state; carries what the caller may do instead.
    case invalidTransition(state: String, allowed: [String])
    /// A workflow guard failed; carries the reasons.
    case guardFailed([String])

    /// A single validation error.
    static func invalid(_ field: String, _ message: String) -> StoreError {
        .validation([FieldError(field: field, message: message)])
    }
}
