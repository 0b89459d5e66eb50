/// A short message in the status bar that goes away by itself.
public struct Notice: Sendable, Equatable {
    public var text: String
    public var isError: Bool
    /// Monotonic time after which it is hidden.
    public var expiresAt: Double

    public init(_ text: String, isError: Bool, expiresAt: Double) {
        self.text = text
        self.isError = isError
        self.expiresAt = expiresAt
    }
}
