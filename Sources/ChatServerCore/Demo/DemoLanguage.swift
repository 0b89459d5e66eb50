import ChatModel

/// The language a simulated customer writes in, guessed from the conversation's summary.
enum DemoLanguage: CaseIterable {
    case english, portuguese, japanese, chinese

    init(for conversation: Conversation) {
        let text = conversation.summary ?? ""
        let scalars = text.unicodeScalars
        if scalars.contains(where: { (0x3040...0x30FF).contains($0.value) }) {
            self = .japanese
        } else if scalars.contains(where: { (0x4E00...0x9FFF).contains($0.value) }) {
            self = .chinese
        } else if text.contains(where: { "ãõçáéíóúâêô".contains($0) }) || text.lowercased().contains("pedido") {
            self = .portuguese
        } else {
            self = .english
        }
    }

    /// A readable user id for the customer of `conversation` on a rooms socket (rooms servers
    /// show it as the client's name): a first name in the customer's language and a short tag.
    static func customerUserID(for conversation: Conversation) -> String {
        let names = switch DemoLanguage(for: conversation) {
        case .english: ["sam", "alex", "jordan"]
        case .portuguese: ["joao", "maria", "ana"]
        case .japanese: ["yuki", "haruto", "sakura"]
        case .chinese: ["wei", "fang", "lei"]
        }
        let tag = String((conversation.clientID ?? conversation.id.rawValue).prefix(4))
        let index = tag.unicodeScalars.reduce(0) { $0 + Int($1.value) } % names.count
        return "\(names[index]).\(tag)"
    }

    /// Something a waiting customer writes on their own.
    var followUps: [String] {
        switch self {
        case .english:
            ["Any update on this? 🙂", "Just checking in — is someone looking at this?", "I also attached a screenshot earlier.",
             "Thanks for your patience, this is important for us."]
        case .portuguese:
            ["Alguma novidade? 🙂", "Oi, alguém pode me ajudar?", "Só confirmando: o número do pedido é esse mesmo.",
             "Fico no aguardo, obrigado! 🙏"]
        case .japanese:
            ["進捗はいかがでしょうか？", "お手数をおかけします 🙏", "念のため注文番号をもう一度送ります。"]
        case .chinese:
            ["请问有进展吗？", "麻烦尽快处理，谢谢！🙏", "我再补充一下订单信息。"]
        }
    }

    /// A customer's answer to an agent's message.
    var replies: [String] {
        switch self {
        case .english:
            ["Great, thank you! 👍", "Perfect, that works for me.", "Hmm, I still see the same problem 😕", "Thanks — I'll try that now."]
        case .portuguese:
            ["Perfeito, muito obrigada! 😊", "Beleza, vou aguardar então.", "Ainda não funcionou 😕", "Entendi, obrigado pela ajuda!"]
        case .japanese:
            ["ありがとうございます！😊", "承知しました。", "まだ解決していないようです…"]
        case .chinese:
            ["好的，谢谢！👍", "明白了，我等你们的消息。", "问题好像还在 😕"]
        }
    }

    /// How a customer opens a conversation with the rooms bot.
    var greetings: [String] {
        switch self {
        case .english: ["Hi! 👋", "Hello, good morning!", "Hey there"]
        case .portuguese: ["Oi! 👋", "Olá, bom dia!", "Boa tarde!"]
        case .japanese: ["こんにちは！", "お世話になっております。"]
        case .chinese: ["你好！", "您好，在吗？"]
        }
    }

    /// A request for a person, in words the rooms bot recognizes (it knows Portuguese and
    /// English); nil for the languages it does not.
    var agentRequest: String? {
        switch self {
        case .english: "Can I talk to a human agent, please?"
        case .portuguese: "Quero falar com um atendente, por favor."
        case .japanese, .chinese: nil
        }
    }
}
