import Foundation
import Hummingbird
import HummingbirdBcrypt
import NIOPosix
import ParleyDomain
import ParleyStore

/// `/v1/me`, `/v1/sessions`, `/v1/users`, `/v1/users/{id}/tokens`.
struct IdentityController {
    let store: Store
    /// bcrypt cost; tests lower it to stay fast.
    let bcryptCost: UInt8
    let authentication: AuthenticationCache
    let policy: SignInPolicy
    let throttle: SignInThrottle
    /// An unknown e-mail is checked against this hash, so it costs the same bcrypt work as a known one and
    /// the answer's timing does not tell which e-mails have accounts.
    let dummyHash: String

    init(store: Store, bcryptCost: UInt8, authentication: AuthenticationCache, policy: SignInPolicy) {
        self.store = store
        self.bcryptCost = bcryptCost
        self.authentication = authentication
        self.policy = policy
        self.throttle = SignInThrottle(policy: policy)
        self.dummyHash = Bcrypt.hash(BearerToken.generate(), cost: bcryptCost)
    }

    struct UserBody: Encodable, Sendable {
        var id: UUID
        var email: String
        var name: String
        var role: Role
        var unitID: UUID
        var hiredOn: String
        var version: Int64

        enum CodingKeys: String, CodingKey {
            case id, email, name, role, version
            case unitID = "unit_id"
            case hiredOn = "hired_on"
        }

        init(_ user: UserRecord) {
            id = user.id
            email = user.email
            name = user.name
            role = user.role
            unitID = user.unitID
            hiredOn = user.hiredOn.description
            version = user.version
        }
    }

    struct SignInRequest: Decodable {
        var email: String
        var password: String
    }

    struct CreateUserRequest: Decodable {
        var email: String
        var name: String
        var role: Role
        var unitID: UUID
        var hiredOn: String
        var password: String?

        enum CodingKeys: String, CodingKey {
            case email, name, role, password
            case unitID = "unit_id"
            case hiredOn = "hired_on"
        }
    }

    struct UpdateUserRequest: Decodable {
        var email: String?
        var name: String?
        var role: Role?
        var unitID: UUID?
        var hiredOn: String?
        var password: String?

        enum CodingKeys: String, CodingKey {
            case email, name, role, password
            case unitID = "unit_id"
            case hiredOn = "hired_on"
        }
    }

    func register(_ routes: inout Routes) {
        routes.get("/v1/me") { _, context in try await me(context) }
        routes.post("/v1/sessions") { request, context in try await signIn(request, context) }
        routes.delete("/v1/sessions/current") { _, context in
            let caller = try context.requireCaller()
            try await store.revokeToken(org: caller.orgID, tokenID: caller.tokenID)
            if let token = context.token { authentication.evict(token: token) }
            return Response(status: .noContent)
        }
        routes.post("/v1/users") { request, context in try await createUser(request, context) }
        routes.get("/v1/users") { request, context in
            let caller = try readerOfDirectory(context)
            let (limit, cursor) = try request.pageQuery()
            let page = try await store.users(org: caller.orgID, limit: limit, cursor: cursor)
            return try JSONResponse.make(ListResponse(items: page.items.map(UserBody.init), nextCursor: page.nextCursor))
        }
        routes.get("/v1/users/:id") { _, context in
            let caller = try context.requireCaller()
            let id = try context.id("id")
            guard caller.userID == id || Permissions.mayReadEverything(caller.role) || caller.role == .manager else {
                throw Problem.forbidden()
            }
            let user = try await store.user(org: caller.orgID, id: id)
            return try JSONResponse.make(UserBody(user), version: user.version)
        }
        routes.patch("/v1/users/:id") { request, context in try await updateUser(request, context) }
        routes.post("/v1/users/:id/tokens") { _, context in
            let caller = try context.requireCaller()
            let id = try context.id("id")
            guard caller.role == .admin || caller.userID == id else { throw Problem.forbidden() }
            let token = try await store.issueToken(org: caller.orgID, user: id)
            return try JSONResponse.make(["token": token], status: .created)
        }
    }

    /// Admins, leaders, viewers and managers may list the directory (managers need it to find their reps).
    private func readerOfDirectory(_ context: ParleyRequestContext) throws -> Caller {
        let caller = try context.requireCaller()
        guard caller.role != .rep else { throw Problem.forbidden() }
        return caller
    }

    private func me(_ context: ParleyRequestContext) async throws -> Response {
        struct Me: Encodable {
            struct Org: Encodable {
                var id: UUID
                var name: String
            }
            var user: UserBody
            var org: Org
        }
        let caller = try context.requireCaller()
        async let user = store.user(org: caller.orgID, id: caller.userID)
        async let orgName = store.organizationName(org: caller.orgID)
        return try await JSONResponse.make(Me(user: UserBody(user), org: .init(id: caller.orgID, name: orgName)))
    }

    private func signIn(_ request: Request, _ context: ParleyRequestContext) async throws -> Response {
        struct Session: Encodable {
            var token: String
            var expiresAt: String?
            var user: UserBody

            enum CodingKeys: String, CodingKey {
                case token, user
                case expiresAt = "expires_at"
            }
        }
        let body = try await request.decodeStrict(SignInRequest.self)
        let address = policy.clientAddress(request, peer: context.remoteAddress)
        let attempt: SignInThrottle.Attempt
        switch throttle.admit(email: body.email, address: address) {
        case .success(let admitted): attempt = admitted
        case .failure(let wait):
            throw Problem.tooManyRequests(
                "too_many_attempts", "too many failed sign-ins; try again later", retryAfter: wait)
        }
        let candidates = try await store.signInCandidates(email: body.email)
        if candidates.isEmpty { _ = try await checkPassword(body.password, hash: dummyHash) }
        for candidate in candidates where try await checkPassword(body.password, hash: candidate.passwordHash) {
            throttle.succeeded(attempt)
            let lifetime = policy.sessionLifetime.components.seconds
            let issued = try await store.issueToken(
                org: candidate.orgID, user: candidate.userID, lifetimeSeconds: lifetime)
            let user = try await store.user(org: candidate.orgID, id: candidate.userID)
            let session = Session(
                token: issued.token, expiresAt: issued.expiresAt.map(Self.timestamp), user: UserBody(user))
            return try JSONResponse.make(session, status: .created)
        }
        throw Problem(.unauthorized, "unauthenticated", "wrong e-mail or password")
    }

    private func checkPassword(_ password: String, hash: String) async throws -> Bool {
        policy.onPasswordCheck()
        return try await PasswordHash.verify(password, hash: hash)
    }

    /// RFC 3339 in UTC, whole seconds.
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    private func createUser(_ request: Request, _ context: ParleyRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        guard Permissions.mayManageOrg(caller.role) else { throw Problem.forbidden() }
        let body = try await request.decodeStrict(CreateUserRequest.self)
        var errors = Validation.email(body.email) + Validation.name(body.name)
        let hiredOn = LocalDate(body.hiredOn)
        if hiredOn == nil { errors.append(FieldError(field: "hired_on", message: "must be a date YYYY-MM-DD")) }
        if let password = body.password { errors += Validation.password(password) }
        guard errors.isEmpty, let hiredOn else { throw Problem.validation(errors) }
        let hash = try await body.password.asyncMap { try await PasswordHash.hash($0, cost: bcryptCost) }
        let user = try await store.createUser(
            org: caller.orgID,
            NewUser(email: body.email, name: body.name, role: body.role, unitID: body.unitID, hiredOn: hiredOn, passwordHash: hash))
        return try JSONResponse.make(UserBody(user), status: .created, version: user.version)
    }

    private func updateUser(_ request: Request, _ context: ParleyRequestContext) async throws -> Response {
        let caller = try context.requireCaller()
        guard Permissions.mayManageOrg(caller.role) else { throw Problem.forbidden() }
        let id = try context.id("id")
        let version = try request.ifMatchVersion()
        let body = try await request.decodeStrict(UpdateUserRequest.self)
        var errors: [FieldError] = []
        if let email = body.email { errors += Validation.email(email) }
        if let name = body.name { errors += Validation.name(name) }
        if let password = body.password { errors += Validation.password(password) }
        let hiredOn = body.hiredOn.flatMap(LocalDate.init)
        if body.hiredOn != nil && hiredOn == nil {
            errors.append(FieldError(field: "hired_on", message: "must be a date YYYY-MM-DD"))
        }
        guard errors.isEmpty else { throw Problem.validation(errors) }
        let hash = try await body.password.asyncMap { try await PasswordHash.hash($0, cost: bcryptCost) }
        // A new password revokes the user's tokens; an admin changing their own keeps the one in hand.
        let user = try await store.updateUser(
            org: caller.orgID, id: id, version: version,
            UserChanges(email: body.email, name: body.name, role: body.role, unitID: body.unitID, hiredOn: hiredOn, passwordHash: hash),
            keepingToken: caller.userID == id ? caller.tokenID : nil)
        authentication.evict(user: id)
        return try JSONResponse.make(UserBody(user), version: user.version)
    }
}

/// Password hashing with bcrypt (slow on purpose, so the async forms run off the event loops).
public enum PasswordHash {
    /// The default bcrypt cost.
    public static let defaultCost: UInt8 = 10

    /// Hashes synchronously (command-line use).
    public static func make(_ password: String, cost: UInt8 = defaultCost) -> String {
        Bcrypt.hash(password, cost: cost)
    }

    static func hash(_ password: String, cost: UInt8) async throws -> String {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.hash(password, cost: cost) }
    }

    static func verify(_ password: String, hash: String) async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { Bcrypt.verify(password, hash: hash) }
    }
}

/// Field checks shared by the identity endpoints.
enum Validation {
    static func email(_ email: String, field: String = "email") -> [FieldError] {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        guard email.unicodeScalars.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
            !email.contains(where: \.isWhitespace)
        else { return [FieldError(field: field, message: "must be an e-mail address")] }
        return []
    }

    static func name(_ name: String, field: String = "name") -> [FieldError] {
        let trimmed = name.trimmingCharacters(in: .whitespacesAndNewlines)
        // The database's length() counts code points, not the grapheme clusters `count` does.
        guard !trimmed.isEmpty, name.unicodeScalars.count <= 200 else {
            return [FieldError(field: field, message: "must be 1 to 200 characters")]
        }
        return []
    }

    static func password(_ password: String) -> [FieldError] {
        // bcrypt reads at most 72 bytes; longer passwords would be silently truncated.
        guard (8...72).contains(password.utf8.count) else {
            return [FieldError(field: "password", message: "must be 8 to 72 bytes")]
        }
        return []
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
