/// Validation shared by `POST /api/messages` and the `send_message` frame.
struct MessageRules: Sendable {
    let maxContentLength: Int

    /// Why `content` is refused, or nil: it must hold a non-blank character and at most `maxContentLength` characters.
    func problem(with content: String) -> String? {
        if content.allSatisfy(\.isWhitespace) {
            return "content must not be empty"
        }
        if content.count > maxContentLength {
            return "content must be at most \(maxContentLength) characters"
        }
        return nil
    }
}
