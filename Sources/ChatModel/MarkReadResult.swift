/// The reply of `PATCH /api/messages/mark-read`: `{"success", "marked_count", "message"}`.
public struct MarkReadResult: Codable, Sendable, Equatable {
    public var success: Bool
    public var markedCount: Int
    public var message: String

    public init(success: Bool, markedCount: Int, message: String) {
        self.success = success
        self.markedCount = markedCount
        self.message = message
    }

    enum CodingKeys: String, CodingKey {
        case success, message
        case markedCount = "marked_count"
    }
}
