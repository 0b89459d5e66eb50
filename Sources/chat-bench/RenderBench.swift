import ChatClientKit
import ChatTUI
import Foundation

/// chat-tui's renderer in memory: the time to lay out and draw one 120×40 frame of a
/// conversation that received `messages` messages and of a list of `conversations`
/// conversations, and the memory the app state takes (it holds a bounded window of each).
enum RenderBench {
    struct Result: Codable, Sendable {
        let scene: String
        let frameMilliseconds: Double
        let memoryMegabytes: Double

        enum CodingKeys: String, CodingKey {
            case scene
            case frameMilliseconds = "frame_ms"
            case memoryMegabytes = "memory_mb"
        }
    }

    static let frames = 20

    static func list(conversations count: Int) throws -> Result {
        let before = ProcessStats.residentBytes() ?? 0
        var state = AppState(now: Instant(wall: Date(), monotonic: 0), width: 120, height: 40)
        load(&state, conversations: (0..<count).map(conversation))
        return measure(state, scene: "list of \(count) (\(state.list.ids.count) held)", memoryBefore: before)
    }

    static func conversation(messages count: Int) throws -> Result {
        let before = ProcessStats.residentBytes() ?? 0
        var state = AppState(now: Instant(wall: Date(), monotonic: 0), width: 120, height: 40)
        let open = conversation(0)
        load(&state, conversations: [open])
        _ = state.update(.key(.enter))
        let start = Date().addingTimeInterval(-Double(count) * 30)
        let messages = (0..<count).map { index -> Message in
            let time = start.addingTimeInterval(Double(index) * 30)
            let sender: Message.Sender = index % 3 == 0 ? .admin : .client
            return Message(
                id: MessageID(UUID.random()), conversationID: open.id, sender: sender, content: sampleText[index % sampleText.count],
                timestamp: time, isRead: true, createdAt: time)
        }
        _ = state.update(.historyLoaded(open.id, before: nil, limit: count, .success(messages)))
        let held = state.openBuffer?.timeline.count ?? 0
        guard held <= count, held >= min(count, ConversationBuffer.keptMessages * 3 / 4) else {
            throw BenchFailure("render: the conversation holds \(held) of \(count) messages")
        }
        return measure(state, scene: "conversation of \(count) (\(held) held)", memoryBefore: before)
    }

    private static func load(_ state: inout AppState, conversations: [Conversation]) {
        guard case .loadList(var request)? = state.start().first else { return }
        request.pageSize = conversations.count
        _ = state.update(.listLoaded(request, .success(ConversationListing(
            items: conversations, total: conversations.count, hasNext: false))))
    }

    private static func measure(_ state: AppState, scene: String, memoryBefore: Int) -> Result {
        let theme = Theme.color
        var samples: [Double] = []
        for _ in 0..<frames {
            let start = Stopwatch.now
            let frame = Renderer.frame(state, theme: theme)
            samples.append((Stopwatch.now - start) * 1000)
            precondition(frame.buffer.width == 120)
        }
        let memory = Double((ProcessStats.residentBytes() ?? 0) - memoryBefore) / 1_048_576
        return Result(scene: scene, frameMilliseconds: Distribution(samples).p50, memoryMegabytes: memory)
    }

    private static func conversation(_ index: Int) -> Conversation {
        let date = Date().addingTimeInterval(-Double(index) * 60)
        return Conversation(
            id: ConversationID(UUID()), clientID: UUID.random().wireString, status: index % 5 == 0 ? .pending : .active,
            channel: [.whatsapp, .email, .web][index % 3], priority: [.low, .medium, .high][index % 3],
            summary: "Customer \(index): \(sampleText[index % sampleText.count])", tags: ["bench"],
            unreadCount: index % 4, startDate: date, lastUpdate: date, createdAt: date, updatedAt: date)
    }

    private static let sampleText = [
        "My printer is on fire, what do I do?",
        "Olá! Meu pedido 1234 ainda não chegou, podem verificar por favor? 📦",
        "注文した商品がまだ届いていません。確認していただけますか？",
        "Thanks, that worked 👍",
        "Could you send me the invoice for last month as a PDF? I need it for the accounting team before Friday.",
    ]
}
