import Foundation
import NIOConcurrencyHelpers

/// What a member of a group commit hands back: its last writes, which the group sends for it, the record the
/// group writes for it with everyone's at the end (an event), and how its result is made from the rows of its
/// writes once they are committed.
public struct GroupedWrite<Result: Sendable, Record: Sendable>: Sendable {
    /// The member's last statements; they must not need each other's results.
    public var statements: [SQL]
    /// What `GroupCommit`'s `finish` writes for the member.
    public var record: Record
    /// The member's result, from the rows of `statements`, called once they are committed.
    public var result: @Sendable ([PostgresRows]) throws -> Result

    /// Creates a grouped write.
    public init(statements: [SQL], record: Record, result: @escaping @Sendable ([PostgresRows]) throws -> Result) {
        self.statements = statements
        self.record = record
        self.result = result
    }
}

/// Group commit: transactions that all end by taking one contended lock (the head of a plan's event chain) share
/// one database transaction and one commit, instead of queueing for the lock and a WAL flush each.
///
/// The first caller for a key leads: on a connection of its own it runs the members queued for the key one after
/// the other. Each member's body sends its reads and checks itself and returns its last writes, which the leader
/// sends inside a savepoint, so a member that fails is undone alone and gets its own error, as in a transaction
/// of its own. When no member waits (or `maximumMembers` ran), the group closes and `finish` writes every
/// member's record and commits: the contended lock is the last one the transaction takes, as in the members' own
/// transactions. Then each member gets its result; if the commit fails, each gets that error. Callers that arrive after the group closed start the next one, whose
/// members run while this one commits.
///
/// A group holds all its members' other locks until it commits, which no single transaction did: a member after
/// the first may wait for a lock 50 ms at most (the others' locks are held meanwhile); then, or when it loses a
/// deadlock, it is rolled back to its savepoint and runs first in the next transaction, where it waits like any
/// transaction. So a group never waits for a transaction that waits for the group.
///
/// A member alone sends its last writes with `finish`'s statements and the `COMMIT`, without a savepoint: as many
/// round trips as an ordinary `PostgresPool.transaction`. Inside `withSharedTransaction` a member joins that
/// transaction instead. A first member that lost a serialization or deadlock race runs again.
public final class GroupCommit<Key: Hashable & Sendable, Record: Sendable>: Sendable {
    /// Sends `writes` (a lone member's last writes; none when the members' ran already), then what records
    /// `records` in the organization's `key`, and commits, with `tx.queryAndCommit`; returns the rows of `writes`.
    public typealias Finish = @Sendable (_ tx: PostgresTransaction, _ org: UUID, _ key: Key, _ records: [Record], _ writes: [SQL])
        throws -> [PostgresRows]

    private struct GroupID: Hashable, Sendable {
        var org: UUID
        var key: Key
    }

    private struct Member: Sendable {
        /// Runs the body: sends its reads, returns its last writes and its record.
        let prepare: @Sendable (PostgresTransaction) throws -> (statements: [SQL], record: Record)
        /// Called once: the rows of its last writes after the commit, or its error.
        let complete: @Sendable (Swift.Result<[PostgresRows], any Error>) -> Void
    }

    private let pool: PostgresPool
    private let finish: Finish
    /// Members per transaction at most, which bounds how long the first of them waits for the commit.
    public let maximumMembers: Int
    /// The members waiting in each open group; a group is open while its key is here.
    private let waiting = NIOLockedValueBox<[GroupID: [Member]]>([:])

    /// Creates group commits over `pool`, written by `finish`.
    public init(pool: PostgresPool, maximumMembers: Int = 32, finish: @escaping Finish) {
        self.pool = pool
        self.maximumMembers = max(1, maximumMembers)
        self.finish = finish
    }

    /// Runs `body` as a member of the open group of (`org`, `key`), or leads a new one, and returns its result
    /// once its writes are committed.
    public func transaction<T: Sendable>(
        org: UUID, key: Key, _ body: @escaping @Sendable (PostgresTransaction) throws -> GroupedWrite<T, Record>
    ) async throws -> T {
        if let shared = SharedTransaction.current, shared.pool === pool {
            return try await pool.transaction(org: org) { [finish] tx in
                let write = try body(tx)
                return try write.result(try finish(tx, org, key, [write.record], write.statements))
            }
        }
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            // Written by the leader's thread before `complete`, which runs after it on the same thread.
            let prepared = NIOLockedValueBox<GroupedWrite<T, Record>?>(nil)
            let member = Member(
                prepare: { tx in
                    let write = try body(tx)
                    prepared.withLockedValue { $0 = write }
                    return (write.statements, write.record)
                },
                complete: { outcome in
                    continuation.resume(
                        with: Swift.Result {
                            let rows = try outcome.get()
                            guard let write = prepared.withLockedValue({ $0 }) else {
                                throw PostgresError(kind: .query, message: "a grouped write completed without running")
                            }
                            return try write.result(rows)
                        })
                })
            enqueue(member, in: GroupID(org: org, key: key))
        }
    }

    private func enqueue(_ member: Member, in group: GroupID) {
        let leads = waiting.withLockedValue { waiting -> Bool in
            if waiting[group] != nil {
                waiting[group]!.append(member)
                return false
            }
            waiting[group] = [member]
            return true
        }
        if leads { startLeader(group) }
    }

    private func startLeader(_ group: GroupID) {
        pool.threadPool.submit { [self] state in
            guard case .active = state else {
                return failWaiting(group, PostgresError(kind: .poolClosed, message: "the pool is closed"))
            }
            var leader = Leader(commit: self, group: group)
            leader.run()
        }
    }

    /// Closes the group and fails everyone waiting in it.
    private func failWaiting(_ group: GroupID, _ error: any Error) {
        let members = waiting.withLockedValue { $0.removeValue(forKey: group) ?? [] }
        for member in members { member.complete(.failure(error)) }
    }

    /// One group's transaction, run on one of the pool's threads.
    private struct Leader {
        let commit: GroupCommit
        let group: GroupID
        /// Members taken so far.
        private var taken = 0
        /// Set once this leader takes no more members: later ones go to the next group.
        private var closed = false
        /// Members whose last writes ran in the open transaction, with those writes' rows.
        private var members: [(member: Member, rows: [PostgresRows], record: Record)] = []
        /// What goes with the transaction's next statement: `BEGIN` and the settings, or a `RELEASE SAVEPOINT`.
        private var carry: [(sql: SQL, prepared: Bool)] = []

        init(commit: GroupCommit, group: GroupID) {
            self.commit = commit
            self.group = group
        }

        mutating func run() {
            var connection: PostgresConnection?
            do {
                let opened = try commit.pool.checkOut()
                connection = opened
                carry = try PostgresTransaction.beginning(org: group.org, on: opened)
            } catch {
                if let connection { commit.pool.checkIn(connection) }
                return commit.failWaiting(group, error)
            }
            while let current = connection, let member = next() {
                connection = runMember(member, on: current)
            }
            guard let connection else { return }
            if !members.isEmpty {
                let tx = PostgresTransaction(connection: connection, pending: carry + [GroupStatements.unbounded], joined: false)
                let outcome = Swift.Result { try commit.finish(tx, group.org, group.key, members.map(\.record), []) }
                for done in members {
                    done.member.complete(outcome.map { _ in done.rows })
                }
            }
            commit.pool.checkIn(connection)
        }

        /// The next waiting member, or nil; the group closes when none waits, or with the last member it allows.
        private mutating func next() -> Member? {
            guard !closed else { return nil }
            let last = taken + 1 >= commit.maximumMembers
            let (member, handOff) = commit.waiting.withLockedValue { waiting -> (Member?, Bool) in
                guard var queue = waiting[group], !queue.isEmpty else {
                    waiting[group] = nil
                    return (nil, false)
                }
                let member = queue.removeFirst()
                // After the last member of this transaction, whoever waits gets a leader of their own.
                waiting[group] = last && queue.isEmpty ? nil : queue
                return (member, last && !queue.isEmpty)
            }
            guard let member else {
                closed = true
                return nil
            }
            taken += 1
            closed = last
            if handOff { commit.startLeader(group) }
            return member
        }

        /// Whether no member will follow in this transaction; if none waits, closes the group.
        private mutating func isLast() -> Bool {
            if closed { return true }
            closed = commit.waiting.withLockedValue { waiting in
                guard waiting[group]?.isEmpty ?? true else { return false }
                waiting[group] = nil
                return true
            }
            return closed
        }

        /// Runs one member, again after a lost race; returns the connection to go on with, nil if none is left.
        private mutating func runMember(_ member: Member, on start: PostgresConnection) -> PostgresConnection? {
            var connection = start
            var attempt = 1
            while true {
                let first = members.isEmpty
                let tx = PostgresTransaction(
                    connection: connection, pending: carry + (first ? [] : GroupStatements.savepoint), joined: true)
                let failure: any Error
                var sent = false
                var beforeBeginning: PostgresError?
                do {
                    let (statements, record) = try member.prepare(tx)
                    if first && isLast() {
                        // Alone: its writes go with the record and the COMMIT, as in a transaction of its own.
                        let alone = PostgresTransaction(connection: connection, pending: tx.unsent, joined: false)
                        do {
                            member.complete(.success(try commit.finish(alone, group.org, group.key, [record], statements)))
                            carry = []
                            return connection
                        } catch {
                            (failure, sent) = (error, true)
                        }
                    } else {
                        let rows = statements.isEmpty ? [] : try tx.query(statements)
                        if tx.unsent.isEmpty { carry = first ? [] : [("RELEASE SAVEPOINT parley_member", true)] }
                        members.append((member, rows, record))
                        return connection
                    }
                } catch {
                    (failure, sent, beforeBeginning) = (error, tx.unsent.isEmpty, tx.failedBeforeBeginning)
                }
                guard let next = undo(sent: sent, first: first, beforeBeginning: beforeBeginning, error: failure, on: connection)
                else {
                    member.complete(.failure(failure))
                    return nil
                }
                connection = next
                if !first, let error = failure as? PostgresError, error.sqlState == "55P03" || error.sqlState == "40P01" {
                    // It waited for a lock while the group held the others' (rolled back to its savepoint, it holds
                    // none of its own): it goes first in the next transaction, where waiting holds nobody up.
                    return postpone(member, connection: connection)
                }
                let retryable = (failure as? PostgresError)?.isRetryable == true || beforeBeginning != nil
                guard retryable, attempt < PostgresPool.maximumAttempts else {
                    member.complete(.failure(failure))
                    return connection
                }
                attempt += 1
            }
        }

        /// Closes the group and puts `member` first in the next one (which another leader may be running already).
        private mutating func postpone(_ member: Member, connection: PostgresConnection) -> PostgresConnection {
            let owned = !closed
            closed = true
            let leads = commit.waiting.withLockedValue { waiting -> Bool in
                if owned || waiting[group] == nil {
                    waiting[group] = [member] + (owned ? waiting[group] ?? [] : [])
                    return true
                }
                waiting[group]!.insert(member, at: 0)
                return false
            }
            if leads { commit.startLeader(group) }
            return connection
        }

        /// Undoes what a failed member sent and returns the connection to go on with. When that is the member's
        /// savepoint, everyone before it stays; otherwise their transaction is gone with it, and they all get
        /// `error` (nothing of theirs was committed). Nil when no connection is left: everyone waiting fails too.
        private mutating func undo(
            sent: Bool, first: Bool, beforeBeginning: PostgresError?, error: any Error, on connection: PostgresConnection
        ) -> PostgresConnection? {
            if !sent && connection.isHealthy { return connection }
            if !first && connection.isHealthy
                && (try? connection.execute(raw: "ROLLBACK TO SAVEPOINT parley_member; RELEASE SAVEPOINT parley_member")) != nil
            {
                carry = []
                return connection
            }
            for done in members { done.member.complete(.failure(error)) }
            members = []
            var current = connection
            do {
                if current.isHealthy {
                    if !current.isIdle { try current.execute(raw: "ROLLBACK") }
                } else {
                    commit.pool.checkIn(current, reusable: false)
                    // The connection died before the transaction began: its idle siblings most likely died too.
                    if beforeBeginning != nil { commit.pool.discardIdleConnections() }
                    current = try commit.pool.checkOut()
                }
                carry = try PostgresTransaction.beginning(org: group.org, on: current)
                return current
            } catch {
                if current.isHealthy { commit.pool.checkIn(current) }
                if !closed {
                    closed = true
                    commit.failWaiting(group, error)
                }
                return nil
            }
        }
    }
}

/// What a group's leader sends around its members.
private enum GroupStatements {
    /// Before a member after the first: its savepoint, and a bound on how long it may wait for a lock. The group
    /// holds the earlier members' locks meanwhile, so a member that waits long holds up everyone who waits for
    /// those, and one that waits for a transaction that waits for the group (an upload locking assignments in
    /// another order, a group on another instance) would deadlock. A `SET LOCAL` in a savepoint lasts while the
    /// savepoint does, and past its release; `finish` goes without the bound (`unbounded`).
    static let savepoint: [(sql: SQL, prepared: Bool)] = [
        ("SAVEPOINT parley_member", true),
        (SQL(unsafeSQL: "SET LOCAL lock_timeout = '\(lockWaitMilliseconds)ms'"), false),
    ]
    static let unbounded: (sql: SQL, prepared: Bool) = ("SET LOCAL lock_timeout TO DEFAULT", false)
    /// How long a member after the first may wait for a lock before it is postponed to the next transaction.
    static let lockWaitMilliseconds = 50
}
