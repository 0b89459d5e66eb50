/// Where each part of the screen goes at a given terminal size (see the mock):
/// the list pane on the left, the chat pane (header, messages, typing line, input) on the
/// right, and the status bar on the last row.
public struct Layout: Sendable, Equatable {
    public static let minimumWidth = 60
    public static let minimumHeight = 15
    /// Most rows the input grows to.
    public static let maxInputRows = 5

    public let width: Int
    public let height: Int
    /// The list pane, border included.
    public let list: Rect
    /// Rows of list entries inside the list pane (two rows per conversation).
    public let listEntries: Rect
    /// The footer row of the list pane (filter, search prompt).
    public let listFooter: Rect
    /// The chat pane, border included.
    public let chat: Rect
    /// The transcript area inside the chat pane.
    public let messages: Rect
    public let typing: Rect
    /// The row of the `├───┤` line above the input.
    public let separatorRow: Int
    /// The input rows.
    public let input: Rect
    public let statusBar: Rect

    /// - Parameter inputRows: rows the draft needs; clamped to what the height allows.
    public init(width: Int, height: Int, inputRows: Int = 1) {
        self.width = width
        self.height = height
        statusBar = Rect(x: 0, y: height - 1, width: width, height: 1)
        let main = Rect(x: 0, y: 0, width: width, height: height - 1)
        let listWidth = min(max(width * 35 / 100, 24), 44)
        let (list, chat) = main.divided(atDistance: listWidth, from: .left)
        self.list = list
        self.chat = chat
        let listInside = list.inset(by: 1)
        let (footer, entries) = listInside.divided(atDistance: 1, from: .bottom)
        listFooter = footer
        listEntries = entries
        let inside = chat.inset(by: 1)
        let maxRows = max(1, min(Self.maxInputRows, (height - 10) / 2))
        let rows = min(max(inputRows, 1), maxRows)
        let (inputArea, upper) = inside.divided(atDistance: rows, from: .bottom)
        input = Rect(x: inputArea.x + 1, y: inputArea.y, width: inputArea.width - 2, height: inputArea.height)
        separatorRow = upper.maxY - 1
        let (typingRow, transcript) = upper.divided(atDistance: 2, from: .bottom)
        typing = Rect(x: typingRow.x + 1, y: typingRow.y, width: typingRow.width - 2, height: 1)
        messages = Rect(x: transcript.x + 1, y: transcript.y, width: transcript.width - 2, height: transcript.height)
    }

    public var isTooSmall: Bool { width < Self.minimumWidth || height < Self.minimumHeight }

    /// Conversations that fit in the list pane.
    public var visibleConversations: Int { max(listEntries.height / 2, 1) }

    /// Columns available to the draft, after the `> ` prompt.
    public var inputTextWidth: Int { max(input.width - 2, 2) }
}
