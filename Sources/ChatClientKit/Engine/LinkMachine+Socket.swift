import Foundation

/// The socket's side of `LinkMachine`: connection lifecycle, inbound frames and catching up.
extension LinkMachine {
    /// Performs what the connection machine decided: a new attempt gets a fresh codec, an
    /// abandoned one takes the link's socket state with it.
    mutating func lifecycle(_ decisions: [ConnectionMachine.Action], now: Double) -> [LinkAction] {
        var actions: [LinkAction] = []
        for decision in decisions {
            switch decision {
            case .connect(let attempt):
                codec = dialect.makeCodec(for: socket, credentials: credentials)
                actions.append(.connect(attempt: attempt))
            case .disconnect(let attempt, let reason):
                actions += [.log(.info, "dropping connection: \(reason)"), .disconnect(attempt: attempt, reason: reason)]
                actions += forgetSocket(now: now)
            }
        }
        return actions
    }

    /// Abandons the current socket on the link's own initiative (a dead connection, an
    /// overdue acknowledgement, a failed catch-up) and lets the connection machine schedule
    /// the reconnect.
    mutating func dropSocket(reason: String, now: Double) -> [LinkAction] {
        let attempt = connection.attempt
        return [.log(.info, "dropping connection: \(reason)"), .disconnect(attempt: attempt, reason: reason)]
            + forgetSocket(now: now) + lifecycle(connection.closed(id: attempt, code: nil, reason: nil, now: now), now: now)
    }

    /// Everything tied to the socket is unknown once it is gone; on a server with no history,
    /// the message in flight stays unknown (unconfirmed).
    private mutating func forgetSocket(now: Double) -> [LinkAction] {
        codec = nil
        nextHeartbeat = nil
        unansweredHeartbeats.removeAll()
        assigned.removeAll()
        sync = nil
        let catchUp = self.catchUp
        var actions: [LinkAction] = []
        for id in order { actions += conversations[id]?.disconnected(catchUp: catchUp, now: now) ?? [] }
        return actions
    }

    func isCurrent(_ attempt: Int) -> Bool {
        attempt == connection.attempt && codec != nil
    }

    mutating func socketClosed(attempt: Int, code: Int?, reason: String?, now: Double) -> [LinkAction] {
        let note = LinkAction.log(.info, "socket closed (code \(code.map(String.init) ?? "none")\(reason.map { ": \($0)" } ?? ""))")
        guard isCurrent(attempt) else { return [note] }
        return [note] + forgetSocket(now: now) + lifecycle(connection.closed(id: attempt, code: code, reason: reason, now: now), now: now)
    }

    mutating func connectFailed(attempt: Int, _ failure: ConnectFailure, now: Double) -> [LinkAction] {
        guard isCurrent(attempt) else { return [] }
        let note = LinkAction.log(.info, "connection failed: \(failure)")
        let wasConnecting = if case .connecting = state { true } else { false }
        let forgotten = forgetSocket(now: now)
        if wasConnecting { return [note] + forgotten + lifecycle(connection.connectFailed(id: attempt, failure, now: now), now: now) }
        return [note] + forgotten + lifecycle(connection.closed(id: attempt, code: nil, reason: nil, now: now), now: now)
    }

    // MARK: Frames

    mutating func frame(_ text: String, attempt: Int, now: Double) -> [LinkAction] {
        guard isCurrent(attempt), let decoded = codec?.decode(text) else { return [] }
        connection.inbound(id: attempt, now: now)
        var actions = decoded.replies.map { LinkAction.write($0) }
        for event in decoded.events { actions += self.event(event, now: now) }
        return actions
    }

    func binaryFrame(_ bytes: Int, attempt: Int) -> [LinkAction] {
        isCurrent(attempt) ? unrecognized("<\(bytes) binary bytes>", reason: "binary frames are not used") : []
    }

    private mutating func event(_ event: ServerEvent, now: Double) -> [LinkAction] {
        switch event {
        case .connected(let conversation, let user):
            if case .conversation(let expected) = socket, let conversation, conversation != expected {
                return unrecognized("connected to \(conversation)", reason: "the server joined another conversation")
            }
            return connected(user: user, now: now)
        case .joined(let id):
            return joined(id, now: now)
        case .newMessage(let message):
            guard belongsHere(message.conversationID) else {
                return unrecognized("message \(message.id)", reason: "a message for conversation \(message.conversationID), not on this socket")
            }
            return conversations[message.conversationID]?.received(message, now: now) ?? []
        case .acknowledged(let ack):
            return acknowledged(ack, now: now)
        case .read(let id, let user, let messages):
            return conversations[id] == nil ? [] : [.emit(.read(userID: user, messageIDs: messages), to: id)]
        case .typing(let id, let user, let isTyping):
            guard user != userID else { return [] }
            return conversations[id]?.typing(user, isTyping: isTyping, now: now) ?? []
        case .presence(let user, let online):
            return [.emit(.presence(userID: user, online: online), to: nil)]
        case .error(let error):
            return serverError(error, now: now)
        case .ping:
            return []
        case .pong:
            return answered(now: now)
        case .notice(let notice):
            return [.announce(.notice(notice))]
        case .synced(let batch):
            return synced(batch, now: now)
        case .credentialsRejected(let reason):
            return [.log(.warning, "credentials rejected: \(reason)")] + lifecycle(connection.credentialsRejected(reason), now: now)
        case .goingAway(let reason):
            return dropSocket(reason: "the server ended the session (\(reason))", now: now)
        case .liveness(let seconds):
            connection.serverLiveness(id: connection.attempt, seconds: seconds)
            return []
        case .unrecognized(let raw, let reason):
            return unrecognized(raw, reason: reason)
        }
    }

    /// The handshake completed: the socket is usable; every wanted conversation joins, and a
    /// socket-sync dialect asks what it missed.
    private mutating func connected(user: String, now: Double) -> [LinkAction] {
        var actions: [LinkAction] = [.log(.info, "connected as \(user)")] + lifecycle(connection.connected(id: connection.attempt, now: now), now: now)
        guard state == .connected else { return actions }
        userID = user
        nextHeartbeat = dialect.shape.clientHeartbeats ? now + heartbeatEvery : nil
        for id in order {
            guard var conversation = conversations[id], conversation.membership == .wanted else { continue }
            actions += join(&conversation, now: now)
            conversations[id] = conversation
        }
        if catchUp == .socketSync {
            sync = ([], 0)
            actions += write(.sync(since: syncToken.map(SyncCursor.token) ?? .time(firstSyncTime(now: now))), now: now)
        }
        return actions
    }

    /// The first sync of a run asks for what was stored from shortly before the oldest
    /// outbox attempt (or now), with the same clock-skew margin as a history walk: the app
    /// loads older history itself.
    private func firstSyncTime(now: Double) -> Date {
        let attempts = conversations.compactMap(\.courier.earliestAttempt)
        let start = attempts.min() ?? date(now)
        return start.addingTimeInterval(-HistoryPager.clockSkewMargin)
    }

    /// A batch of the socket sync: a full one may have more behind it (asked for with the
    /// newest message's time); otherwise every conversation gets its part and resumes.
    private mutating func synced(_ batch: SyncBatch, now: Double) -> [LinkAction] {
        guard var progress = sync else { return [] }
        progress.collected += batch.messages
        progress.rounds += 1
        if batch.messages.count >= batch.cap, let newest = batch.messages.last, progress.rounds < HistoryPager.maxPages {
            sync = progress
            return write(.sync(since: .time(newest.createdAt)), now: now)
        }
        sync = nil
        syncToken = batch.token ?? syncToken
        var actions: [LinkAction] = []
        let complete = batch.messages.count < batch.cap
        if !complete {
            actions.append(.emit(.gap("more than \(progress.collected.count) messages arrived while offline; the newest were not fetched"), to: nil))
        }
        let byConversation = Dictionary(grouping: progress.collected, by: \.conversationID)
        for id in order {
            actions += conversations[id]?.synced(byConversation[id] ?? [], complete: complete, now: now) ?? []
        }
        return actions
    }

    /// An acknowledgement names its message, or answers the one in flight on the socket.
    private mutating func acknowledged(_ ack: Acknowledgement, now: Double) -> [LinkAction] {
        let owner = order.first { id in
            guard let courier = conversations[id]?.courier, courier.inFlight != nil else { return false }
            return ack.clientID.map(courier.isInFlight) ?? true
        }
        guard let owner, let clientID = ack.clientID ?? conversations[owner]?.courier.inFlight,
              let entry = conversations[owner]?.courier.entries.first(where: { $0.id == clientID })
        else {
            return unrecognized("acknowledgement \(ack.messageID?.rawValue ?? ack.clientID ?? "")", reason: "it answers no message in flight")
        }
        if let refusal = ack.refusal {
            return [.log(.info, "message refused: \(refusal.message)")] + (conversations[owner]?.serverError(refusal, now: now) ?? [])
        }
        let date = self.date(now)
        return conversations[owner]?.acknowledged(entry, ack, date: date, now: now) ?? []
    }

    /// An `error` frame answers the oldest question on the socket: a batch of joins waiting
    /// for its barrier, or else the message in flight.
    private mutating func serverError(_ error: ServerError, now: Double) -> [LinkAction] {
        var actions: [LinkAction] = [.log(.warning, "server error frame: \(error.message)")]
        let joining = order.filter { conversations[$0]?.membership == .joining }
        if unansweredHeartbeats.contains(true), !joining.isEmpty {
            let firstRefusal = !joinsRefused
            joinsRefused = true
            for id in joining {
                conversations[id]?.membership = .awaitingAssignment
                if firstRefusal {
                    actions.append(.emit(.joinRefused("the server refused to join (\(error.message)); waiting for an assignment"), to: id))
                }
            }
            return actions
        }
        let attributed = order.first { conversations[$0]?.courier.inFlight != nil } ?? order.first
        if let attributed { actions += conversations[attributed]?.serverError(error, now: now) ?? [] }
        return actions
    }

    /// The server answered a heartbeat; the answer to a join barrier confirms the joins it follows.
    private mutating func answered(now: Double) -> [LinkAction] {
        guard !unansweredHeartbeats.isEmpty, unansweredHeartbeats.removeFirst() else { return [] }
        let (attempt, catchUp) = (connection.attempt, self.catchUp)
        var actions: [LinkAction] = []
        for id in order where conversations[id]?.membership == .joining {
            actions += conversations[id]?.startCatchUp(attempt: attempt, catchUp: catchUp, now: now) ?? []
        }
        return actions
    }

    /// True when a conversation's events may arrive on this socket.
    private func belongsHere(_ id: ConversationID) -> Bool {
        switch socket {
        case .conversation(let own): id == own
        case .user: conversations[id] != nil
        }
    }

    func unrecognized(_ raw: String, reason: String) -> [LinkAction] {
        [.log(.warning, "unrecognized frame (\(reason)): \(raw.prefix(200))"), .emit(.unrecognized(raw: raw, reason: reason), to: nil)]
    }

    // MARK: Catching up

    mutating func history(_ result: Result<[Message], ChatError>, of id: ConversationID, attempt: Int, now: Double)
        -> [LinkAction]
    {
        guard isCurrent(attempt), state == .connected, conversations[id]?.isCatchingUp == true else { return [] }
        switch result {
        case .success(let page):
            return conversations[id]?.historyPage(page, attempt: attempt, now: now) ?? []
        case .failure(.unauthorized(let text)), .failure(.forbidden(let text)):
            return [.log(.warning, "catching up failed: \(text)")] + lifecycle(connection.credentialsRejected(text), now: now)
        case .failure(let error):
            return [.log(.warning, "catching up failed: \(error)")] + dropSocket(reason: "catching up failed", now: now)
        }
    }
}
