import ChatModel

/// The `role` a `rooms` socket connects with (`/ws/chat/{user_id}?role=`).
public enum RoomRole: String, Sendable, CaseIterable, Hashable {
    case cliente, atendente, supervisor

    /// Valid values as the refusals list them: `cliente, atendente, supervisor`.
    public static var validValues: String { allCases.map(\.rawValue).joined(separator: ", ") }

    /// Atendentes and supervisors can hold conversations; clientes cannot.
    var isAgent: Bool { self != .cliente }

    /// How a message written on a socket of this role is stored.
    var sender: Message.Sender { self == .cliente ? .client : .admin }

    /// The `sender_role` of a message that did not come from a rooms socket (REST, a
    /// `conversations` socket, the demo): derived from its stored sender.
    static func senderRole(of sender: Message.Sender) -> String {
        switch sender {
        case .client: RoomRole.cliente.rawValue
        case .admin: RoomRole.atendente.rawValue
        case .system: "system"
        }
    }
}
