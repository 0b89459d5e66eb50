import ChatModel
import Foundation

/// Every decision of the `rooms` endpoint, as a value: who is connected with which role, which
/// socket is in which room, which agent holds which conversation, the waiting queue, heartbeats
/// and counters. Each input returns the deliveries to perform; nothing here reads a clock or
/// touches a socket (`RoomsHub` does both).
struct RoomsState: Sendable {
    struct Connection: Sendable, Equatable {
        let id: RoomsConnectionID
        /// The `connection_id` the client is told.
        let publicID: String
        let userID: String
        let role: RoomRole
        let connectedAt: Date
        var rooms: Set<ConversationID> = []
    }

    struct User: Sendable {
        var connections: Set<RoomsConnectionID> = []
        /// Rooms that a closed socket of the user was in and no open one is: they hear the
        /// user's `disconnected` too when the last socket closes.
        var lingeringRooms: Set<ConversationID> = []
        /// The last connection or `heartbeat` of an agent socket of the user.
        var lastSeen: Duration
    }

    struct Assignment: Sendable, Equatable {
        let agentID: String
        let clientName: String
    }

    struct QueuedConversation: Sendable, Equatable {
        let roomID: ConversationID
        let since: Date
        let clientName: String
    }

    enum Refusal: Error, Equatable {
        case tooManyConnections
    }

    enum AssignRefusal: Error, Equatable {
        case agentNotConnected
        case notAnAgent
    }

    /// What an escalation did.
    enum Escalation: Equatable {
        case alreadyAssigned(agentID: String)
        case assigned(agentID: String)
        case queued(position: Int)
    }

    let settings: RoomsSettings
    private(set) var connections: [RoomsConnectionID: Connection] = [:]
    private(set) var users: [String: User] = [:]
    private(set) var members: [ConversationID: Set<RoomsConnectionID>] = [:]
    /// Who holds which conversation (see `RoomsState+Assignment`).
    var assignments: [ConversationID: Assignment] = [:]
    /// Conversations waiting for an agent, oldest first.
    var queue: [QueuedConversation] = []
    private var nextID = 0
    private(set) var totalConnections = 0
    private(set) var peakConnections = 0
    private(set) var totalMessages = 0

    init(settings: RoomsSettings) {
        self.settings = settings
    }

    // MARK: Connections

    /// Registers a socket and greets it with `connected`. An agent's socket joins the rooms
    /// assigned to the agent; an atendente who was not available takes the oldest queued
    /// conversation.
    mutating func connect(userID: String, role: RoomRole, publicID: String, at time: RoomsTime)
        -> Result<(RoomsConnectionID, [RoomsDelivery]), Refusal>
    {
        guard (users[userID]?.connections.count ?? 0) < settings.maxConnectionsPerUser else {
            return .failure(.tooManyConnections)
        }
        let wasAvailable = isAvailableAtendente(userID, at: time.elapsed)
        nextID += 1
        let id = nextID
        connections[id] = Connection(id: id, publicID: publicID, userID: userID, role: role, connectedAt: time.date)
        users[userID, default: User(lastSeen: time.elapsed)].connections.insert(id)
        totalConnections += 1
        peakConnections = max(peakConnections, connections.count)
        var deliveries = [
            RoomsDelivery([id], .connected(connectionID: publicID, userID: userID, role: role, serverTime: time.date))
        ]
        if role.isAgent {
            users[userID]?.lastSeen = time.elapsed
            for (room, assignment) in assignments where assignment.agentID == userID {
                join(id, room)
            }
            deliveries += takeFromQueueIfArrived(userID, wasAvailable: wasAvailable, at: time)
        }
        return .success((id, deliveries))
    }

    /// Unregisters a socket; when it was the user's last, `disconnected` goes once to every socket
    /// in a room they were in.
    mutating func disconnect(_ id: RoomsConnectionID) -> [RoomsDelivery] {
        guard let connection = connections.removeValue(forKey: id), var user = users[connection.userID] else { return [] }
        for room in connection.rooms {
            removeMember(id, from: room)
        }
        user.connections.remove(id)
        guard user.connections.isEmpty else {
            let stillIn = user.connections.reduce(into: Set<ConversationID>()) { $0.formUnion(connections[$1]?.rooms ?? []) }
            user.lingeringRooms.formUnion(connection.rooms.subtracting(stillIn))
            users[connection.userID] = user
            return []
        }
        users.removeValue(forKey: connection.userID)
        let audience = connection.rooms.union(user.lingeringRooms).reduce(into: Set<RoomsConnectionID>()) {
            $0.formUnion(members[$1] ?? [])
        }
        return deliver(.disconnected(userID: connection.userID), to: audience)
    }

    func connection(_ id: RoomsConnectionID) -> Connection? {
        connections[id]
    }

    // MARK: Rooms

    /// Puts a socket in a room (the caller checked that the room exists).
    mutating func join(_ id: RoomsConnectionID, _ room: ConversationID) {
        guard connections[id] != nil else { return }
        connections[id]?.rooms.insert(room)
        members[room, default: []].insert(id)
    }

    mutating func leave(_ id: RoomsConnectionID, _ room: ConversationID) {
        guard let connection = connections[id] else { return }
        connections[id]?.rooms.remove(room)
        removeMember(id, from: room)
        users[connection.userID]?.lingeringRooms.remove(room)
    }

    func isMember(_ id: RoomsConnectionID, of room: ConversationID) -> Bool {
        connections[id]?.rooms.contains(room) == true
    }

    /// A committed message: `message_sent` to its rooms socket, and `message` (or `bot_response`)
    /// to the room's other sockets.
    mutating func messageStored(_ message: Message, by authorID: String, source: MessageSource) -> [RoomsDelivery] {
        let room = members[message.conversationID] ?? []
        switch source {
        case .conversations:
            return deliver(.message(message, senderID: authorID, senderRole: RoomRole.senderRole(of: message.sender)), to: room)
        case .roomsSocket(let id, let role):
            totalMessages += 1
            return [RoomsDelivery([id], .messageSent(message.id))]
                + deliver(.message(message, senderID: authorID, senderRole: role.rawValue), to: room.subtracting([id]))
        case .roomsBot(let reply):
            return deliver(.botResponse(message, reply), to: room)
        case .remoteRooms(let role):
            return deliver(.message(message, senderID: authorID, senderRole: role.rawValue), to: room)
        }
    }

    /// `typing_start`/`typing_stop` to the room's other sockets.
    func typing(_ id: RoomsConnectionID, in room: ConversationID, started: Bool) -> [RoomsDelivery] {
        guard let connection = connections[id] else { return [] }
        return deliver(
            .typing(started: started, userID: connection.userID, roomID: room), to: (members[room] ?? []).subtracting([id]))
    }

    /// `message_read` to the room's other sockets (the store was updated first).
    func messageRead(_ id: RoomsConnectionID, in room: ConversationID, messageIDs: [MessageID]) -> [RoomsDelivery] {
        guard let connection = connections[id] else { return [] }
        return deliver(
            .messageRead(roomID: room, userID: connection.userID, messageIDs: messageIDs),
            to: (members[room] ?? []).subtracting([id]))
    }

    /// The `heartbeat` reply; an atendente coming back from away takes the oldest queued conversation.
    mutating func heartbeat(_ id: RoomsConnectionID, at time: RoomsTime) -> [RoomsDelivery] {
        guard let connection = connections[id] else { return [] }
        var deliveries = [RoomsDelivery([id], .heartbeat(serverTime: time.date))]
        if connection.role.isAgent {
            let wasAvailable = isAvailableAtendente(connection.userID, at: time.elapsed)
            users[connection.userID]?.lastSeen = time.elapsed
            deliveries += takeFromQueueIfArrived(connection.userID, wasAvailable: wasAvailable, at: time)
        }
        return deliveries
    }

    /// `system_message` to every socket, or those in `room`, or those of `role` (both: both must hold).
    func broadcast(_ text: String, room: ConversationID?, role: RoomRole?) -> RoomsDelivery {
        let recipients = connections.values.filter { connection in
            (room.map { connection.rooms.contains($0) } ?? true) && (role.map { connection.role == $0 } ?? true)
        }
        return RoomsDelivery(recipients.map(\.id), .systemMessage(text))
    }

    /// Whether any atendente or supervisor socket is open.
    var hasAgentConnections: Bool {
        connections.values.contains { $0.role.isAgent }
    }

    // MARK: Helpers

    /// The sockets of `userID` that can hold conversations.
    func agentSockets(of userID: String) -> [RoomsConnectionID] {
        (users[userID]?.connections ?? []).filter { connections[$0]?.role.isAgent == true }.sorted()
    }

    func clienteSockets(in room: ConversationID) -> Set<RoomsConnectionID> {
        (members[room] ?? []).filter { connections[$0]?.role == .cliente }
    }

    /// Every atendente and supervisor socket: they get `queue_update`.
    var allAgentSockets: Set<RoomsConnectionID> {
        Set(connections.values.filter { $0.role.isAgent }.map(\.id))
    }

    /// The user id of the room's first cliente (sorted), if one is in it.
    func firstCliente(in room: ConversationID) -> String? {
        clienteSockets(in: room).compactMap { connections[$0]?.userID }.min()
    }

    /// An atendente with a socket open and a heartbeat within the timeout.
    func isAvailableAtendente(_ userID: String, at elapsed: Duration) -> Bool {
        guard let user = users[userID], user.connections.contains(where: { connections[$0]?.role == .atendente })
        else { return false }
        return elapsed - user.lastSeen < settings.heartbeatTimeout
    }

    func activeConversations(of agentID: String) -> Int {
        assignments.values.count(where: { $0.agentID == agentID })
    }

    /// `[]` when nobody should hear of it.
    func deliver(_ event: RoomsEvent, to recipients: Set<RoomsConnectionID>) -> [RoomsDelivery] {
        recipients.isEmpty ? [] : [RoomsDelivery(recipients, event)]
    }

    private mutating func removeMember(_ id: RoomsConnectionID, from room: ConversationID) {
        members[room]?.remove(id)
        if members[room]?.isEmpty == true {
            members.removeValue(forKey: room)
        }
    }
}
