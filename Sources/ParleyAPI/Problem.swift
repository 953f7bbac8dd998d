import Foundation
import Hummingbird
import Logging
import ParleyDomain
import ParleyStore
import Postgres

/// An RFC 9457 problem: the one shape every error response takes.
///
/// Every error any layer throws is turned into one of these in `Problem.init(error:)`, and nowhere else.
/// SQL text, server messages and stack traces never reach the body.
public struct Problem: HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    /// Stable machine-readable code.
    public var code: String
    /// Human-readable explanation of this occurrence.
    public var detail: String
    /// Extra members (`errors`, `current_version`, `allowed_actions`, ...).
    public var extensions: [String: ProblemExtension] = [:]
    /// Extra response headers (e.g. `Allow`).
    public var headers: HTTPFields = [:]

    /// Creates a problem.
    public init(_ status: HTTPResponse.Status, _ code: String, _ detail: String) {
        self.status = status
        self.code = code
        self.detail = detail
    }

    /// Renders the problem as `application/problem+json`.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var body: [String: ProblemExtension] = extensions
        body["type"] = .string("https://parley.dev/problems/\(code)")
        body["title"] = .string(status.reasonPhrase)
        body["status"] = .int(Int64(status.code))
        body["detail"] = .string(detail)
        body["code"] = .string(code)
        let data = try JSONWriter.encode(body)
        var headers = self.headers
        headers[.contentType] = "application/problem+json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// A JSON value in a problem's extension members.
public enum ProblemExtension: Sendable, Encodable {
    case string(String)
    case int(Int64)
    case strings([String])
    case fieldErrors([FieldError])

    /// Encodes the bare value.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .strings(let value): try container.encode(value)
        case .fieldErrors(let value): try container.encode(value)
        }
    }
}

extension Problem {
    static func notFound(_ what: String = "resource") -> Problem {
        Problem(.notFound, "not_found", "no such \(what)")
    }

    static let unauthenticated = Problem(.unauthorized, "unauthenticated", "a valid bearer token is required")

    static func forbidden(_ detail: String = "your role does not allow this") -> Problem {
        Problem(.forbidden, "forbidden", detail)
    }

    static func validation(_ errors: [FieldError]) -> Problem {
        var problem = Problem(.unprocessableContent, "validation_failed", "the request has invalid fields")
        problem.extensions["errors"] = .fieldErrors(errors)
        return problem
    }

    /// Seconds a client is told to wait (`Retry-After`) while the database is unavailable.
    static let databaseRetryAfterSeconds = 2

    /// `503`: the database is down or restarting; the client may retry after `Retry-After`.
    static func databaseUnavailable() -> Problem {
        var problem = Problem(.serviceUnavailable, "database_unavailable", "the database is unavailable; try again shortly")
        problem.headers[.retryAfter] = "\(databaseRetryAfterSeconds)"
        return problem
    }

    static func invalid(_ field: String, _ message: String) -> Problem {
        validation([FieldError(field: field, message: message)])
    }

    /// Maps any error from any layer to the problem the contract prescribes.
    init(error: any Error, logger: Logger) {
        switch error {
        case let problem as Problem:
            self = problem
        case let error as StoreError:
            self = Problem(store: error)
        case let errors as FieldErrors:
            self = .validation(errors.errors)
        case let error as MalformedJSON:
            self = Problem(.badRequest, "malformed_json", "the body is not valid JSON: \(error.message)")
        case let error as any HTTPResponseError where error.status == .contentTooLarge:
            // Hummingbird's body collection throws NIOTooManyBytesError (an HTTPResponseError), not HTTPError.
            self = Problem(.contentTooLarge, "payload_too_large", "the body exceeds 1 MiB")
        case let error as PostgresError where error.isUnavailable:
            logger.warning("database unavailable", metadata: ["error": "\(error)"])
            self = .databaseUnavailable()
        case let error as PostgresError where error.sqlState == "23514":
            // A check constraint the request validation missed: still the client's input, never a 500.
            logger.warning("check constraint violated", metadata: ["error": "\(error)"])
            self = .validation([FieldError(field: Self.field(violating: error.declaredConstraint), message: "is outside its allowed range")])
        case let error as HTTPError:
            self = Problem(error.status, error.status == .notFound ? "not_found" : "http_error", error.body ?? error.status.reasonPhrase)
        default:
            logger.error("unhandled error", metadata: ["error": "\(String(reflecting: error))"])
            self = Problem(.internalServerError, "internal", "an unexpected error occurred; it has been logged")
        }
    }

    /// The request field behind a check constraint (PostgreSQL names them `<table>_<column>_check`).
    static func field(violating constraint: String?) -> String {
        let fields = [
            "comments_body_check": "body", "adjustments_reason_check": "reason", "plans_name_check": "name",
            "units_name_check": "name", "users_name_check": "name", "users_email_check": "email",
            "organizations_name_check": "name",
        ]
        return constraint.flatMap { fields[$0] } ?? "body"
    }

    private init(store error: StoreError) {
        switch error {
        case .notFound:
            self = .notFound()
        case .forbidden(let detail):
            self = .forbidden(detail)
        case .conflict(let detail):
            self = Problem(.conflict, "conflict", detail)
        case .versionConflict(let current):
            self = Problem(.preconditionFailed, "version_conflict", "the resource changed; current version is \(current)")
            extensions["current_version"] = .int(current)
            headers[.eTag] = "\"\(current)\""
        case .validation(let errors):
            self = .validation(errors)
        case .invalidState(let detail):
            self = Problem(.conflict, "invalid_state", detail)
        case .invalidTransition(let state, let allowed):
            self = Problem(.conflict, "invalid_transition", "the action is not allowed while the plan is \(state)")
            extensions["allowed_actions"] = .strings(allowed)
        case .guardFailed(let reasons):
            self = Problem(.unprocessableContent, "guard_failed", reasons.joined(separator: "; "))
            extensions["reasons"] = .strings(reasons)
        }
    }
}

/// Turns every thrown error into problem+json; the single place where errors become responses.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            return try Problem(error: error, logger: context.logger).response(from: request, context: context)
        }
    }
}
