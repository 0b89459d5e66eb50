import ChatModel
import Foundation
import Testing

@testable import ChatServerCore

/// The pure pieces of the PostgreSQL cluster mode: cursors, presence ledger, pending origins,
/// event payloads, the database URL, backoff and quotas.
@Suite struct ClusterUnitTests {
    private let roomA = ConversationID(UUID())
    private let roomB = ConversationID(UUID())

    @Test func cursorsFetchWhatFollowsAndDeliverEachMessageOnce() {
        var cursors = DeliveryCursors()
        cursors.watch(roomA, from: 10, besideOthers: false)
        cursors.notified(roomA, seq: 12)
        cursors.notified(roomA, seq: 11)
        cursors.notified(roomB, seq: 40)
        let requests = cursors.takeRequests { _ in true }
        #expect(requests == [roomA: 10, roomB: 39], "from the cursor, or from just before the first notification")
        let first = cursors.deliver(roomA, seq: 11)
        #expect(first)
        let second = cursors.deliver(roomA, seq: 12)
        #expect(second)
        let repeated = cursors.deliver(roomA, seq: 12)
        #expect(!repeated, "a message fetched twice is delivered once")
        let older = cursors.deliver(roomA, seq: 5)
        #expect(!older)
        let nothing = cursors.takeRequests { _ in true }
        #expect(nothing.isEmpty)
    }

    @Test func aJoinNeverMovesTheCursorBack() {
        var cursors = DeliveryCursors()
        cursors.watch(roomA, from: 10, besideOthers: false)
        let delivered = cursors.deliver(roomA, seq: 15)
        #expect(delivered)
        cursors.watch(roomA, from: 12, besideOthers: false)
        #expect(cursors.cursors[roomA] == 15)
    }

    /// A socket joins after message 12 committed while the sockets already here have been
    /// handed only up to 10: they still get 11 and 12.
    @Test func aJoinBesideOtherSocketsLeavesWhatTheyHaveNotHadYet() {
        var cursors = DeliveryCursors()
        cursors.watch(roomA, from: 10, besideOthers: false)
        cursors.watch(roomA, from: 12, besideOthers: true)
        cursors.notified(roomA, seq: 11)
        #expect(cursors.takeRequests { _ in true } == [roomA: 10])
        let eleven = cursors.deliver(roomA, seq: 11)
        let twelve = cursors.deliver(roomA, seq: 12)
        #expect(eleven && twelve)
    }

    @Test func aJoinAloneReplacesACursorLeftByGoneSockets() {
        var cursors = DeliveryCursors()
        cursors.watch(roomA, from: 10, besideOthers: false)
        cursors.watch(roomA, from: 40, besideOthers: false)
        #expect(cursors.cursors[roomA] == 40, "messages 11–40 were committed while nobody here was in it")
    }

    @Test func afterAReconnectEveryWatchedConversationIsCaughtUpFromItsCursor() {
        var cursors = DeliveryCursors()
        cursors.watch(roomA, from: 3, besideOthers: false)
        cursors.watch(roomB, from: 8, besideOthers: false)
        cursors.catchUpEverything()
        let requests = cursors.takeRequests { $0 == roomA }
        #expect(requests == [roomA: 3])
        #expect(cursors.cursors[roomB] == nil, "a conversation nobody here is in any more is forgotten")
    }

    @Test func aFailedOrTruncatedFetchIsAskedAgainFromTheMovedCursor() {
        var cursors = DeliveryCursors()
        cursors.watch(roomA, from: 0, besideOthers: false)
        cursors.notified(roomA, seq: 1)
        let requests = cursors.takeRequests { _ in true }
        let moved = cursors.deliver(roomA, seq: 7)
        #expect(moved)
        cursors.retry(requests)
        let again = cursors.takeRequests { _ in true }
        #expect(again == [roomA: 7])
        cursors.prune { _ in false }
        #expect(cursors.cursors.isEmpty)
    }

    @Test func theLedgerWritesTheLatestStateOfEachUserAndAnnouncesJoins() {
        var ledger = PresenceLedger()
        let ana = PresenceLedger.Key(conversationID: roomA, userID: "ana")
        let joao = PresenceLedger.Key(conversationID: roomA, userID: "joao")
        ledger.set(ana, present: true)
        ledger.set(joao, present: true)
        ledger.set(joao, present: false)
        let changes = Set(ledger.take().map { "\($0.key.userID) \($0.present) \($0.announce)" })
        #expect(changes == ["ana true true", "joao false false"])
        let none = ledger.take()
        #expect(none.isEmpty)

        ledger.rewriteEverything()
        let rewritten = ledger.take()
        #expect(rewritten == [.init(key: ana, present: true, announce: false)], "a rewrite announces only if the database forgot")
        let failed = [PresenceLedger.Change(key: ana, present: true, announce: true)]
        ledger.set(ana, present: false)
        ledger.retry(failed)
        let latest = ledger.take()
        #expect(latest == [.init(key: ana, present: false, announce: false)], "a newer change wins over a retry")
    }

    @Test func pendingOriginsAreBounded() {
        var origins = PendingOrigins(capacity: 3)
        let ids = (0..<10).map { _ in MessageID(UUID()) }
        for id in ids { origins.insert(id, .roomsSocket(1, .cliente)) }
        #expect(origins.count == 3)
        let oldest = origins.take(ids[0])
        let newest = origins.take(ids[9])
        let again = origins.take(ids[9])
        #expect(oldest == nil, "the oldest gave way")
        #expect(newest == .roomsSocket(1, .cliente))
        #expect(again == nil)
    }

    @Test func aPosterWaitsForItsMessageUnlessItWasAlreadyDelivered() {
        var waiters = DeliveryWaiters<String>(capacity: 2)
        let first = MessageID(UUID())
        let second = MessageID(UUID())
        let token = waiters.wait(for: first, "poster")
        #expect(token != nil)
        let resumed = waiters.delivered(first)
        #expect(resumed == ["poster"])
        #expect(waiters.wait(for: first, "late poster") == nil, "already delivered: no wait")
        let late = waiters.wait(for: second, "slow")
        let gaveUp = late.flatMap { waiters.giveUp(second, token: $0) }
        #expect(gaveUp == "slow")
        let nobody = waiters.delivered(second)
        #expect(nobody.isEmpty, "a waiter that gave up is not resumed again")
        _ = waiters.delivered(MessageID(UUID()))
        _ = waiters.delivered(MessageID(UUID()))
        #expect(waiters.wait(for: first, "much later") != nil, "only the latest deliveries are remembered")
    }

    @Test func eventsRoundTripAndStayUnderTheNotifyLimit() throws {
        let events: [ClusterEvent] = [
            .message(conversationID: roomA, seq: 42),
            .typing(conversationID: roomA, userID: "ana 😀", started: true, instance: "i-1"),
            .online(conversationID: roomB, userID: "joão", instance: "i-2"),
            .offline(conversationID: roomB, userID: "joão"),
        ]
        for event in events {
            let payload = try #require(event.encode())
            #expect(ClusterEvent(payload: payload) == event)
        }
        #expect(ClusterEvent.typing(conversationID: roomA, userID: String(repeating: "x", count: 8_000), started: true, instance: "i")
            .encode() == nil)
        #expect(ClusterEvent(payload: #"{"type":"message","conversation":"x"}"#) == nil)
        #expect(ClusterEvent(payload: "not json") == nil)
        #expect(ClusterEvent(payload: #"{"type":"message","conversation":"\#(roomA.rawValue)","seq":7}"#) == .message(conversationID: roomA, seq: 7))
    }

    @Test func databaseURLsParseAndNeverShowThePassword() throws {
        let url = try PostgresURL(parsing: "postgres://chat:s%40cret@db.internal:6543/chat_prod")
        #expect(url == PostgresURL(user: "chat", password: "s@cret", host: "db.internal", port: 6543, database: "chat_prod"))
        #expect(url.description == "postgres://chat:***@db.internal:6543/chat_prod")
        #expect(try DatabaseLocation.parse("postgresql://chat@[::1]/chat") == .postgres(
            PostgresURL(user: "chat", password: nil, host: "::1", database: "chat")))
        #expect(try DatabaseLocation.parse("/var/lib/chat/chat.sqlite") == .sqlite(path: "/var/lib/chat/chat.sqlite"))
        for bad in ["postgres://db/chat", "postgres://u:hunter2@db", "postgres://u:hunter2@db:99999/x", "postgres://u:hunter2@db/x?sslmode=require"] {
            #expect(throws: PostgresURL.ParseError.self) { try PostgresURL(parsing: bad) }
            do {
                _ = try PostgresURL(parsing: bad)
            } catch {
                #expect(!error.description.contains("hunter2"))
            }
        }
    }

    @Test func retryDelaysGrowToTheCapWithJitterInTheUpperHalf() {
        let retry = RetryDelay(base: .milliseconds(100), cap: .seconds(5))
        #expect(retry.delay(afterFailures: 1, fraction: 1) == .milliseconds(100))
        #expect(retry.delay(afterFailures: 1, fraction: 0) == .milliseconds(50))
        #expect(retry.delay(afterFailures: 4, fraction: 1) == .milliseconds(800))
        #expect(retry.delay(afterFailures: 40, fraction: 1) == .seconds(5))
    }

    @Test func aQuotaCountsInSlicesAndRefusesUntilTheSliceThatReachedTheLimitLeaves() {
        let quota = MessageQuota(limit: 3, window: .seconds(60))
        let now = Date(timeIntervalSince1970: 1_000.25)
        #expect(quota.sliceMicros == 1_000_000)
        #expect(quota.slice(at: now) == 1_000)
        #expect(quota.firstCountedSlice(at: now) == 941, "60 slices: 941 ... 1000")
        #expect(quota.retryAfter(limitReachedAt: nil, now: now) == nil)
        #expect(quota.retryAfter(limitReachedAt: 955, now: now) == .milliseconds(14_750), "slice 955 leaves at 1015")
        #expect(quota.retryAfter(limitReachedAt: 940, now: now) == .microseconds(1), "already gone: never zero")
        #expect(MessageQuota(limit: 1, window: .seconds(3)).sliceMicros == 50_000)
    }
}
