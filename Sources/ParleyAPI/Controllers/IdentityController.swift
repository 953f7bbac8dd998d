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
        let (limit, cursor) = try request.pageQuery()
        let page = try await store.users(caller: context.caller, limit: limit, cursor: cursor)
        return ListResponse(items: page.items.map(UserBody.init), nextCursor: page.nextCursor)
    }

    @Sendable func user(_ request: Request, context: AuthenticatedContext) async throws -> Tagged<UserBody> {
        let user = try await store.user(caller: context.caller, id: try context.id("id"))
        return Tagged(body: UserBody(user), version: user.version)
    }

    @Sendable func issueToken(_ request: Request, context: AuthenticatedContext) async throws
        -> EditedResponse<[String: String]>
    {
        created(["token": try await store.issueToken(caller: context.caller, for: try context.id("id"))])
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
        let body = try await request.decode(as: CreateUserRequest.self, context: context)
        let user = try await store.createUser(
            caller: context.caller,
            UserDraft(
                email: body.email, name: body.name, role: body.role, unitID: body.unitID, hiredOn: body.hiredOn,
                password: body.password),
            hashPassword: hashPassword)
        return Tagged(body: UserBody(user), version: user.version, status: .created)
    }

    @Sendable func updateUser(_ request: Request, context: AuthenticatedContext) async throws -> Tagged<UserBody> {
        let id = try context.id("id")
        let version = try request.ifMatchVersion()
        let body = try await request.decode(as: UpdateUserRequest.self, context: context)
        let user = try await store.updateUser(
            caller: context.caller, id: id, version: version,
            UserPatch(
                email: body.email, name: body.name, role: body.role, unitID: body.unitID, hiredOn: body.hiredOn,
                password: body.password),
            hashPassword: hashPassword)
        authentication.evict(user: id)
        return Tagged(body: UserBody(user), version: user.version)
    }

    private var hashPassword: PasswordHasher {
        { [bcryptCost] in try await PasswordHash.hash($0, cost: bcryptCost) }
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
