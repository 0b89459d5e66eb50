import ChatModel
import Foundation

/// What the bot answers to one customer message.
struct BotReply: Sendable, Equatable {
    enum Intent: String, Sendable {
        case saudacao, escalacao, duvida
    }

    enum Sentiment: String, Sendable {
        case positivo, neutro, negativo
    }

    let content: String
    let intent: Intent
    let sentiment: Sentiment
    let confidence: Double
    let quickReplies: [String]

    /// The customer asked for a person: find an agent or queue the conversation.
    var escalates: Bool { intent == .escalacao }

    init(content: String, intent: Intent, sentiment: Sentiment, confidence: Double, quickReplies: [String]) {
        self.content = content
        self.intent = intent
        self.sentiment = sentiment
        self.confidence = confidence
        self.quickReplies = quickReplies
    }

    /// The reply back from its stored message's metadata (`RoomsEvent.metadata(of:)`); nil when
    /// the metadata is not a bot reply's. The content is not needed to announce it.
    init?(metadata: [String: JSONValue]?) {
        guard let metadata, let intent = metadata["intent"]?.stringValue.flatMap(Intent.init(rawValue:)),
              let sentiment = metadata["sentiment"]?.stringValue.flatMap(Sentiment.init(rawValue:)),
              case .number(let confidence)? = metadata["confidence"], case .array(let replies)? = metadata["quick_replies"]
        else { return nil }
        self.init(content: "", intent: intent, sentiment: sentiment, confidence: confidence, quickReplies: replies.compactMap(\.stringValue))
    }
}

/// The rooms dialect's rule-based assistant: keywords in Portuguese and English decide the
/// intent; the answer is in the customer's language (Portuguese unless the text reads as English).
/// Deterministic: the same text always gets the same reply.
struct RoomsBot: Sendable {
    private static let escalationWords: Set<String> = [
        "atendente", "humano", "humana", "pessoa", "agente", "agent", "human", "person",
    ]
    private static let greetings: Set<String> = [
        "oi", "ola", "opa", "bom dia", "boa tarde", "boa noite", "hello", "hi", "hey", "good morning",
        "good afternoon", "good evening",
    ]
    private static let negativeWords: Set<String> = [
        "problema", "ruim", "pessimo", "pessima", "erro", "nao funciona", "nao chegou", "atraso", "atrasado", "reclamacao",
        "problem", "bad", "terrible", "broken", "error", "late", "not working", "angry",
    ]
    private static let positiveWords: Set<String> = [
        "obrigado", "obrigada", "otimo", "otima", "perfeito", "valeu", "thanks", "thank you", "great", "perfect",
        "awesome",
    ]
    private static let englishWords: Set<String> = [
        "hello", "hi", "hey", "good morning", "good afternoon", "good evening", "agent", "human", "person", "the",
        "my", "is", "i", "you", "please", "help", "what", "how", "can", "order", "thanks", "thank you", "any",
        "this", "with",
    ]
    private static let portugueseWords: Set<String> = [
        "oi", "ola", "bom dia", "boa tarde", "boa noite", "atendente", "humano", "pessoa", "o", "meu", "minha",
        "e", "eu", "voce", "por favor", "ajuda", "que", "como", "pedido", "obrigado", "obrigada", "com", "nao",
        "alguma", "novidade",
    ]

    /// The reply to `text`. Escalation words win over greetings ("Oi, quero um atendente").
    func reply(to text: String) -> BotReply {
        let phrases = Self.phrases(in: text)
        let english = phrases.intersection(Self.englishWords).count > phrases.intersection(Self.portugueseWords).count
        let sentiment = Self.sentiment(of: phrases)
        if !phrases.isDisjoint(with: Self.escalationWords) {
            return BotReply(
                content: english
                    ? "Sure! I'm finding an agent for you — please hold on a moment."
                    : "Claro! Estou procurando um atendente para você, só um instante.",
                intent: .escalacao, sentiment: sentiment, confidence: 0.9, quickReplies: [])
        }
        let quickReplies = english ? ["View my account", "Talk to an agent"] : ["Ver minha conta", "Falar com atendente"]
        if !phrases.isDisjoint(with: Self.greetings) {
            return BotReply(
                content: english
                    ? "Hi! I'm the virtual assistant. How can I help you today?"
                    : "Olá! Sou a assistente virtual. Como posso ajudar você hoje?",
                intent: .saudacao, sentiment: sentiment, confidence: 0.95, quickReplies: quickReplies)
        }
        return BotReply(
            content: english
                ? "Thanks for your message! I've noted it. You can check your account, or ask to talk to an agent."
                : "Obrigada pela mensagem! Já registrei sua dúvida. Você pode ver sua conta ou pedir para falar com um atendente.",
            intent: .duvida, sentiment: sentiment, confidence: 0.6, quickReplies: quickReplies)
    }

    private static func sentiment(of phrases: Set<String>) -> BotReply.Sentiment {
        let negative = phrases.intersection(negativeWords).count
        let positive = phrases.intersection(positiveWords).count
        if negative > positive { return .negativo }
        if positive > negative { return .positivo }
        return .neutro
    }

    /// The words of `text` and its two-word phrases, lowercased and without accents.
    private static func phrases(in text: String) -> Set<String> {
        let folded = text.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil).lowercased()
        let words = folded.split { !$0.isLetter }.map(String.init)
        var phrases = Set(words)
        for (first, second) in zip(words, words.dropFirst()) {
            phrases.insert(first + " " + second)
        }
        return phrases
    }
}
