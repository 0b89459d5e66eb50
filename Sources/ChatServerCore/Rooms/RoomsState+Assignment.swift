import ChatModel
import Foundation

/// Escalation, assignment and the waiting queue.
extension RoomsState {
    /// A customer asked for a person: assign the room to the available atendente with the fewest
    /// conversations, or queue it (`queue_position` to its clientes, `queue_update` to the agents).
    mutating func escalate(_ room: ConversationID, clientName: String, at time: RoomsTime) -> (Escalation, [RoomsDelivery]) {
        if let assignment = assignments[room] {
            return (.alreadyAssigned(agentID: assignment.agentID), [])
        }
        if let agentID = leastBusyAvailableAtendente(at: time.elapsed) {
            return (.assigned(agentID: agentID), assign(room, to: agentID, clientName: clientName))
        }
        var deliveries: [RoomsDelivery] = []
        if !queue.contains(where: { $0.roomID == room }) {
            queue.append(QueuedConversation(roomID: room, since: time.date, clientName: clientName))
            deliveries += deliver(.queueUpdate(queueSize: queue.count, newConversation: room), to: allAgentSockets)
        }
        let position = (queue.firstIndex { $0.roomID == room } ?? queue.count - 1) + 1
        deliveries += deliver(.queuePosition(roomID: room, position: position), to: clienteSockets(in: room))
        return (.queued(position: position), deliveries)
    }

    /// `POST /ws/assign`: the agent must have an atendente or supervisor socket open. The client
    /// name is the room's cliente, else the one the queue or an earlier assignment knew, else `fallbackClientName`.
    mutating func assign(_ room: ConversationID, to agentID: String, fallbackClientName: String)
        -> Result<[RoomsDelivery], AssignRefusal>
    {
        guard users[agentID] != nil else { return .failure(.agentNotConnected) }
        guard !agentSockets(of: agentID).isEmpty else { return .failure(.notAnAgent) }
        let clientName = firstCliente(in: room) ?? queue.first { $0.roomID == room }?.clientName
            ?? assignments[room]?.clientName ?? fallbackClientName
        return .success(assign(room, to: agentID, clientName: clientName))
    }

    /// When `userID` just became an available atendente (connected, or back from away), they
    /// take the oldest queued conversation.
    mutating func takeFromQueueIfArrived(_ userID: String, wasAvailable: Bool, at time: RoomsTime) -> [RoomsDelivery] {
        guard !wasAvailable, isAvailableAtendente(userID, at: time.elapsed), let oldest = queue.first else { return [] }
        return assign(oldest.roomID, to: userID, clientName: oldest.clientName)
    }

    /// Records the assignment, puts the agent's sockets in the room, tells them and the room's
    /// clientes; a queued room leaves the queue (`queue_update` to the agents, new positions to
    /// the clientes behind it).
    private mutating func assign(_ room: ConversationID, to agentID: String, clientName: String) -> [RoomsDelivery] {
        assignments[room] = Assignment(agentID: agentID, clientName: clientName)
        let sockets = agentSockets(of: agentID)
        for id in sockets {
            join(id, room)
        }
        var deliveries = deliver(
            .conversationAssigned(roomID: room, agentID: agentID, clientName: clientName),
            to: Set(sockets).union(clienteSockets(in: room)))
        if let index = queue.firstIndex(where: { $0.roomID == room }) {
            queue.remove(at: index)
            deliveries += deliver(.queueUpdate(queueSize: queue.count, newConversation: nil), to: allAgentSockets)
            for (offset, entry) in queue.enumerated().dropFirst(index) {
                deliveries += deliver(.queuePosition(roomID: entry.roomID, position: offset + 1), to: clienteSockets(in: entry.roomID))
            }
        }
        return deliveries
    }

    /// Ties go to the smallest user id, so the choice is deterministic.
    private func leastBusyAvailableAtendente(at elapsed: Duration) -> String? {
        users.keys.filter { isAvailableAtendente($0, at: elapsed) }
            .min { (activeConversations(of: $0), $0) < (activeConversations(of: $1), $1) }
    }

    // MARK: Listings

    func stats(at elapsed: Duration) -> RoomsStats {
        var byRole = Dictionary(uniqueKeysWithValues: RoomRole.allCases.map { ($0.rawValue, 0) })
        byRole["system"] = 0
        for connection in connections.values {
            byRole[connection.role.rawValue, default: 0] += 1
        }
        return RoomsStats(
            totalConnections: totalConnections, currentConnections: connections.count, peakConnections: peakConnections,
            totalMessages: totalMessages, activeRooms: members.count,
            availableAgents: users.keys.count(where: { isAvailableAtendente($0, at: elapsed) }), queueSize: queue.count,
            connectionsByRole: byRole)
    }

    /// Rooms with a socket in them, by room id.
    var rooms: [RoomSummary] {
        members.keys.sorted().map { room in
            RoomSummary(
                roomID: room, members: Set((members[room] ?? []).compactMap { connections[$0]?.userID }).sorted(),
                assignedAgent: assignments[room]?.agentID,
                clientName: assignments[room]?.clientName ?? firstCliente(in: room))
        }
    }

    var queueEntries: [QueueEntry] {
        queue.enumerated().map { offset, entry in
            QueueEntry(conversationID: entry.roomID, position: offset + 1, waitingSince: entry.since, clientName: entry.clientName)
        }
    }

    /// Connected atendentes, by user id.
    func agents(at elapsed: Duration) -> [AgentSummary] {
        users.filter { _, user in user.connections.contains { connections[$0]?.role == .atendente } }
            .sorted { $0.key < $1.key }
            .map { agentID, user in
                let active = activeConversations(of: agentID)
                let status: AgentSummary.Status =
                    !isAvailableAtendente(agentID, at: elapsed) ? .away : active > 0 ? .busy : .available
                let since = user.connections.compactMap { connections[$0]?.connectedAt }.min() ?? .distantPast
                return AgentSummary(agentID: agentID, status: status, activeConversations: active, connectedSince: since)
            }
    }
}
