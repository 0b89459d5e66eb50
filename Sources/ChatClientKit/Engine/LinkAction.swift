import Foundation
import Logging

/// What `LinkMachine` asks its shell to do, in order.
public enum LinkAction: Sendable, Equatable {
    /// Open socket attempt `attempt`.
    case connect(attempt: Int)
    /// Abandon socket attempt `attempt` (cancel it, close the socket).
    case disconnect(attempt: Int, reason: String)
    /// Write a text frame to the current socket; `message` is the client id of the outbox
    /// entry the frame carries, if it carries one.
    case write(String, message: String? = nil)
    /// Fetch a page of a conversation's history and report it as `LinkInput.history`.
    case fetchHistory(attempt: Int, ConversationID, HistoryRequest)
    /// Bring the durable outbox in step (before any later `write`).
    case persist(OutboxChange)
    /// Keep these messages in the local history (servers that keep none).
    case record([Message])
    /// Tell the app; nil `to` means every conversation on the link.
    case emit(ConversationEvent, to: ConversationID?)
    /// Tell the user (`ChatClient.events`).
    case announce(UserEvent)
    case log(Logger.Level, String)

    /// Reaches the network or the disk: the outbox changes before it must be written first.
    /// Telling the app or the log does not wait for them.
    var leavesTheProcess: Bool {
        switch self {
        case .connect, .disconnect, .write, .fetchHistory, .record: true
        case .persist, .emit, .announce, .log: false
        }
    }
}

/// A change to the durable outbox.
public enum OutboxChange: Sendable, Equatable {
    /// A new message (`LinkInput.send`): stored in the transaction before its first write,
    /// with that attempt already counted when it goes out at once.
    case add(OutboxEntry)
    /// The entry is about to be written to a socket.
    case attempted(String, at: Date)
    /// Confirmed by the server, or discarded by the user.
    case remove([String])
    /// Confirmed by the server, which keeps a history: as `remove`, but it may wait for the
    /// link's next transaction or its next timer. If a crash loses it, the entry is found in
    /// that history at the next catch-up and confirmed then, not sent again.
    case confirm([String])
    /// Refused by the server for good.
    case failed([String], reason: String)
    /// Sent, acknowledgement lost, fate unknown.
    case unconfirmed([String])
    /// Pending again.
    case retry(String)

    /// True for a change that may wait for a later transaction.
    var mayWait: Bool {
        if case .confirm = self { true } else { false }
    }
}
