import ChatModel
import Foundation

/// The conversations `serve --demo` starts with: every channel, priority and status, a few
/// messages each, in English, Portuguese, Japanese and Chinese.
enum DemoSeed {
    private struct Script {
        let channel: Conversation.Channel
        let priority: Conversation.Priority
        let status: Conversation.Status
        let summary: String
        let tags: [String]
        /// Messages oldest first; the first `read` of them are already read.
        let messages: [(Message.Sender, String)]
        let read: Int
    }

    private static let scripts: [Script] = [
        Script(
            channel: .whatsapp, priority: .high, status: .active, summary: "Pedido #4821 não chegou",
            tags: ["entrega", "urgente"],
            messages: [
                (.client, "Olá! Meu pedido #4821 ainda não chegou e o prazo era ontem 😟"),
                (.admin, "Oi, Mariana! Sinto muito pelo atraso. Vou verificar com a transportadora agora mesmo."),
                (.client, "Obrigada! Preciso dele até sexta-feira, é presente de aniversário 🎁"),
            ], read: 1),
        Script(
            channel: .email, priority: .medium, status: .pending, summary: "Invoice shows an outdated VAT number",
            tags: ["billing", "invoice"],
            messages: [
                (.client, "Hi, our March invoice still lists our old VAT number. Could you reissue it?"),
                (.system, "Ticket escalated to the Billing team"),
                (.admin, "Thanks, Tom. Billing has corrected it; the new invoice will reach you within 24 hours."),
            ], read: 2),
        Script(
            channel: .web, priority: .low, status: .active, summary: "配送先住所の変更について",
            tags: ["配送", "address"],
            messages: [
                (.client, "こんにちは。注文の配送先住所を変更したいです。"),
                (.admin, "かしこまりました。新しいご住所を教えていただけますか？"),
                (.client, "東京都渋谷区神南1-2-3 です 🙏"),
            ], read: 0),
        Script(
            channel: .whatsapp, priority: .medium, status: .closed, summary: "Troca de tamanho do tênis",
            tags: ["troca"],
            messages: [
                (.client, "Posso trocar o tênis por um número maior?"),
                (.admin, "Claro! Já enviei a etiqueta de devolução para o seu e-mail."),
                (.client, "Recebi, muito obrigado! 👍"),
                (.system, "Conversation closed by agent"),
            ], read: 4),
        Script(
            channel: .web, priority: .high, status: .active, summary: "Cannot log in after password reset",
            tags: ["account", "login"],
            messages: [
                (.client, "I reset my password but the app keeps saying \"invalid credentials\" 😤"),
                (.system, "Customer verified through the email link"),
                (.client, "I'm on Android 14, app version 3.2.1 if that helps."),
            ], read: 0),
        Script(
            channel: .email, priority: .low, status: .pending, summary: "发票抬头修改",
            tags: ["发票", "billing"],
            messages: [
                (.client, "您好，请帮我把发票抬头改成公司名称：上海星辰科技有限公司。"),
            ], read: 0),
    ]

    /// Seeds the scripts unless the database already holds conversations (a restart keeps its data).
    static func seedIfEmpty(_ store: any ChatStore, now: Date) async throws {
        guard try await store.counts().conversations == 0 else { return }
        for (index, script) in scripts.enumerated() {
            let started = now.addingTimeInterval(-Double(scripts.count - index) * 3_600)
            let conversation = try await store.createConversation(
                ConversationDraft(
                    clientID: UUID(), channel: script.channel, status: .active, priority: script.priority,
                    summary: script.summary, tags: script.tags),
                now: started)
            var readIDs: [MessageID] = []
            for (offset, (sender, content)) in script.messages.enumerated() {
                let outcome = try await store.append(
                    NewMessage(conversationID: conversation.id, sender: sender, kind: .text, content: content, metadata: nil),
                    id: MessageID(UUID.random()), author: MessageAuthor(userID: "demo-seed", origin: .conversations, quota: nil),
                    now: started.addingTimeInterval(Double(offset + 1) * 240), afterCommit: { _ in })
                if offset < script.read { readIDs.append(outcome.message.id) }
            }
            _ = try await store.markMessagesRead(readIDs)
            if script.status != .active {
                _ = try await store.updateConversation(conversation.id, ConversationPatch(status: script.status), now: now)
            }
        }
    }
}
