/// The caller a verified token names: `sub` is the user id, `role` must be `admin` for the API.
public struct Identity: Sendable, Equatable {
    public static let adminRole = "admin"

    public let userID: String
    public let role: String?

    public init(userID: String, role: String?) {
        self.userID = userID
        self.role = role
    }

    public var isAdmin: Bool { role == Self.adminRole }
}
