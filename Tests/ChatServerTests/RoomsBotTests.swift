import Testing

@testable import ChatServerCore

/// The rule-based rooms bot: keywords in Portuguese and English, escalation first, deterministic.
@Suite struct RoomsBotTests {
    private let bot = RoomsBot()

    @Test(arguments: ["Olá!", "oi, tudo bem?", "OLA", "Bom dia", "boa noite 🌙", "Hello there", "hi", "Hey!", "Good morning"])
    func greetingsAreSaudacao(_ text: String) {
        let reply = bot.reply(to: text)
        #expect(reply.intent == .saudacao)
        #expect(reply.confidence == 0.95)
        #expect(!reply.escalates)
        #expect(reply.quickReplies.count == 2)
    }

    @Test func portugueseGreetingsGetTheSeedsQuickReplies() {
        let reply = bot.reply(to: "Olá, bom dia!")
        #expect(reply.quickReplies == ["Ver minha conta", "Falar com atendente"])
        #expect(reply.content.hasPrefix("Olá! Sou a assistente virtual"))
        #expect(reply.sentiment == .neutro)
    }

    @Test func englishTextIsAnsweredInEnglish() {
        let reply = bot.reply(to: "Hello, my order is late")
        #expect(reply.intent == .saudacao)
        #expect(reply.quickReplies == ["View my account", "Talk to an agent"])
        #expect(reply.content.hasPrefix("Hi!"))
        #expect(reply.sentiment == .negativo)
    }

    @Test(arguments: [
        "Quero falar com um atendente", "Preciso de um HUMANO", "tem alguma pessoa aí?", "Can I talk to an agent?",
        "human please", "Falar com atendente", "Talk to an agent",
    ])
    func escalationWordsEscalate(_ text: String) {
        let reply = bot.reply(to: text)
        #expect(reply.intent == .escalacao)
        #expect(reply.escalates)
        #expect(reply.quickReplies.isEmpty)
    }

    @Test func escalationWinsOverAGreeting() {
        let reply = bot.reply(to: "Oi! Quero um atendente")
        #expect(reply.intent == .escalacao)
        #expect(reply.content == "Claro! Estou procurando um atendente para você, só um instante.")
        #expect(bot.reply(to: "Hi, get me a human").content == "Sure! I'm finding an agent for you — please hold on a moment.")
    }

    @Test func anythingElseIsADuvidaWithTheSameQuickReplies() {
        let reply = bot.reply(to: "Meu pedido #4821 não chegou")
        #expect(reply.intent == .duvida)
        #expect(reply.confidence == 0.6)
        #expect(reply.quickReplies == ["Ver minha conta", "Falar com atendente"])
        #expect(reply.sentiment == .negativo)
        #expect(bot.reply(to: "obrigado, ótimo atendimento de vocês").sentiment == .positivo)
    }

    @Test func keywordsMatchWholeWordsOnly() {
        #expect(bot.reply(to: "this thing is broken").intent == .duvida, "'hi' inside 'this' is no greeting")
        #expect(bot.reply(to: "the agency sent it").intent == .duvida, "'agent' inside 'agency' is no escalation")
        #expect(bot.reply(to: "oito itens").intent == .duvida, "'oi' inside 'oito' is no greeting")
    }

    @Test func theSameTextAlwaysGetsTheSameReply() {
        for text in ["Olá", "quero um atendente", "qual o prazo?", "配送について"] {
            #expect(bot.reply(to: text) == bot.reply(to: text))
        }
    }
}
