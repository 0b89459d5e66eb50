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

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        success = try c.decode(Bool.self, forKey: .success)
        markedCount = WireCount.clamp(try c.decode(Int.self, forKey: .markedCount))
        message = try c.decode(String.self, forKey: .message)
    }

    enum CodingKeys: String, CodingKey {
        case success, message
        case markedCount = "marked_count"
    }
}
