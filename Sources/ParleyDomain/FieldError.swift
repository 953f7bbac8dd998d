/// One invalid input value: where it is (`values.revenue.months[3]`) and what is wrong with it.
public struct FieldError: Sendable, Hashable, Codable, Error, CustomStringConvertible {
    /// Path of the offending field in the request body.
    public var field: String
    /// Human-readable reason.
    public var message: String

    /// A field error.
    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }

    /// The same error with a prefix put in front of its path, as errors bubble up from nested values.
    public func prefixed(_ prefix: String) -> FieldError {
        FieldError(field: field.isEmpty ? prefix : prefix + "." + field, message: message)
    }

    /// `field: message`.
    public var description: String { "\(field): \(message)" }
}

/// One or more field errors, thrown as a whole so a client can fix every problem in one round trip.
public struct ValidationError: Sendable, Hashable, Error {
    /// The individual errors, in input order.
    public var errors: [FieldError]

    /// A validation error from its field errors.
    public init(_ errors: [FieldError]) {
        self.errors = errors
    }
}
