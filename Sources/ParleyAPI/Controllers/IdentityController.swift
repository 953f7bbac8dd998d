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

    /// Sign-in: the one `/v1` route that needs no token.
    var publicEndpoints: RouteCollection<ParleyRequestContext> {
        RouteCollection(context: ParleyRequestContext.self)
            .post("sessions", use: signIn)
    }

    var endpoints: RouteCollection<AuthenticatedContext> {
        RouteCollection(context: AuthenticatedContext.self)
            .get("me", use: me)
            .delete("sessions/current", use: signOut)
            .post("users", use: createUser)
            .get("users", use: users)
            .get("users/:id", use: user)
            .patch("users/:id", use: updateUser)
            .post("users/:id/tokens", use: issueToken)
    }

    @Sendable func me(_ request: Request, context: AuthenticatedContext) async throws -> MeBody {
        let caller = context.caller
        async let user = store.user(org: caller.orgID, id: caller.userID)
        async let orgName = store.organizationName(org: caller.orgID)
        return try await MeBody(user: UserBody(user), org: .init(id: caller.orgID, name: orgName))
    }

    @Sendable func signOut(_ request: Request, context: AuthenticatedContext) async throws -> Response {
        try await store.revokeToken(org: context.caller.orgID, tokenID: context.caller.tokenID)
        authentication.evict(token: context.token)
        return Response(status: .noContent)
    }

    /// Admins, leaders, viewers and managers may list the directory (managers need it to find their reps).
    @Sendable func users(_ request: Request, context: AuthenticatedContext) async throws -> ListResponse<UserBody> {
        guard context.caller.role != .rep else { throw Problem.forbidden() }
        let (limit, cursor) = try request.pageQuery()
        let page = try await store.users(org: context.caller.orgID, limit: limit, cursor: cursor)
        return ListResponse(items: page.items.map(UserBody.init), nextCursor: page.nextCursor)
    }

    @Sendable func user(_ request: Request, context: AuthenticatedContext) async throws -> Tagged<UserBody> {
        let caller = context.caller
        let id = try context.id("id")
        guard caller.userID == id || Permissions.mayReadEverything(caller.role) || caller.role == .manager else {
            throw Problem.forbidden()
        }
        let user = try await store.user(org: caller.orgID, id: id)
        return Tagged(body: UserBody(user), version: user.version)
    }

    @Sendable func issueToken(_ request: Request, context: AuthenticatedContext) async throws
        -> EditedResponse<[String: String]>
    {
        let caller = context.caller
        let id = try context.id("id")
        guard caller.role == .admin || caller.userID == id else { throw Problem.forbidden() }
        let token = try await store.issueToken(org: caller.orgID, user: id)
        return created(["token": token])
    }

    @Sendable func signIn(_ request: Request, context: ParleyRequestContext) async throws -> EditedResponse<SessionBody> {
        let body = try await request.decode(as: SignInRequest.self, context: context)
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
            return created(
                SessionBody(token: issued.token, expiresAt: issued.expiresAt.map(Self.timestamp), user: UserBody(user)))
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

    @Sendable func createUser(_ request: Request, context: AuthenticatedContext) async throws -> Tagged<UserBody> {
        let caller = context.caller
        guard Permissions.mayManageOrg(caller.role) else { throw Problem.forbidden() }
        let body = try await request.decode(as: CreateUserRequest.self, context: context)
        var errors = Validation.email(body.email) + Validation.name(body.name)
        let hiredOn = LocalDate(body.hiredOn)
        if hiredOn == nil { errors.append(FieldError(field: "hired_on", message: "must be a date YYYY-MM-DD")) }
        if let password = body.password { errors += Validation.password(password) }
        guard errors.isEmpty, let hiredOn else { throw Problem.validation(errors) }
        let hash = try await body.password.asyncMap { try await PasswordHash.hash($0, cost: bcryptCost) }
        let user = try await store.createUser(
            org: caller.orgID,
            NewUser(email: body.email, name: body.name, role: body.role, unitID: body.unitID, hiredOn: hiredOn, passwordHash: hash))
        return Tagged(body: UserBody(user), version: user.version, status: .created)
    }

    @Sendable func updateUser(_ request: Request, context: AuthenticatedContext) async throws -> Tagged<UserBody> {
        let caller = context.caller
        guard Permissions.mayManageOrg(caller.role) else { throw Problem.forbidden() }
        let id = try context.id("id")
        let version = try request.ifMatchVersion()
        let body = try await request.decode(as: UpdateUserRequest.self, context: context)
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
        return Tagged(body: UserBody(user), version: user.version)
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
