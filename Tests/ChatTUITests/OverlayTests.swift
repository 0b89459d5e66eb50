import ChatClientKit
import ChatTUI
import Foundation
import Testing

/// Help, the new-conversation form and the quit question.
@Suite struct OverlayTests {
    private let base = Fixtures.state(conversations: [Fixtures.conversation(1, summary: "Printer")])

    @Test func helpListsEveryKeyAndScrollsOnSmallScreens() {
        var state = base
        _ = state.update(.key(.character("?")))
        let text = Fixtures.lines(state).joined(separator: "\n")
        for section in HelpText.sections {
            #expect(text.contains(section.title))
            for binding in section.bindings {
                #expect(text.contains(binding.keys), "help is missing \(binding.keys)")
                #expect(text.contains(binding.action), "help is missing \(binding.action)")
            }
        }
        var small = Fixtures.state(width: 60, height: 15, conversations: [Fixtures.conversation(1, summary: "x")])
        _ = small.update(.key(.character("?")))
        #expect(Fixtures.lines(small).joined().contains("↓ more"))
        for _ in 0..<60 { _ = small.update(.key(.down)) }
        let bottom = Fixtures.lines(small).joined()
        #expect(bottom.contains("Ctrl-C"))
        #expect(!bottom.contains("↓ more"))
        _ = small.update(.key(.escape))
        #expect(small.overlay == nil)
    }

    @Test func theFormValidatesBeforeCreating() throws {
        var state = base
        _ = state.update(.key(.character("n")))
        #expect(state.update(.key(.enter)).isEmpty)
        #expect(Fixtures.lines(state).joined().contains("✗ client id is required (Ctrl-G makes one)"))
        for character in "not-a-uuid" { _ = state.update(.key(.character(character))) }
        #expect(state.update(.key(.enter)).isEmpty)
        #expect(Fixtures.lines(state).joined().contains("✗ client id must be a UUID"))
        #expect(state.update(.key(.control("g"))) == [.generateClientID])
        let client = UUID()
        _ = state.update(.clientIDGenerated(client))
        _ = state.update(.key(.tab))
        _ = state.update(.key(.right))
        _ = state.update(.key(.tab))
        _ = state.update(.key(.left))
        _ = state.update(.key(.tab))
        _ = state.update(.key(.paste(String(repeating: "x", count: 201))))
        #expect(state.update(.key(.enter)).isEmpty)
        #expect(Fixtures.lines(state).joined().contains("✗ summary is 201 characters; at most 200"))
        _ = state.update(.key(.control("u")))
        for character in "Printer on fire" { _ = state.update(.key(.character(character))) }
        let lines = Fixtures.lines(state).joined(separator: "\n")
        #expect(lines.contains("Client id  \(client.uuidString.lowercased())"))
        #expect(lines.contains("Channel      whatsapp"))
        #expect(lines.contains("Priority     Low"))
        let effects = state.update(.key(.enter))
        let draft = ConversationDraft(clientID: client, channel: .whatsapp, priority: .low, summary: "Printer on fire")
        #expect(effects == [.create(draft)])
        #expect(Fixtures.lines(state).joined().contains("creating…"))
    }

    @Test func aServerRefusalShowsInTheFormAndSuccessOpensTheConversation() {
        var state = base
        _ = state.update(.key(.character("n")))
        _ = state.update(.clientIDGenerated(UUID()))
        _ = state.update(.key(.enter))
        _ = state.update(.created(.failure(.validation("channel: invalid"))))
        #expect(Fixtures.lines(state).joined().contains("✗ channel: invalid"))
        _ = state.update(.key(.enter))
        let created = Fixtures.conversation(7, summary: "Brand new", lastUpdate: Fixtures.at(14, 4))
        let effects = state.update(.created(.success(created)))
        #expect(state.overlay == nil)
        #expect(state.openID == created.id)
        #expect(state.list.ids.first == created.id)
        #expect(effects.contains(.openSession(created.id, customerID: created.clientID)))
    }

    @Test func quittingWithAnOutboxAsksFirst() {
        var state = base
        _ = state.update(.storedOutbox([OutboxEntry(id: "a", conversationID: Fixtures.id(1), content: "x", createdAt: Fixtures.now)]))
        #expect(state.update(.key(.character("q"))).isEmpty)
        let text = Fixtures.lines(state).joined(separator: "\n")
        #expect(text.contains("┌ Quit? "))
        #expect(text.contains("1 message is not delivered yet."))
        #expect(text.contains("next time chat-tui connects"))
        #expect(text.contains("[y] quit   [n] stay"))
        #expect(state.update(.key(.character("n"))).isEmpty)
        #expect(state.overlay == nil)
        _ = state.update(.key(.control("c")))
        var again = state
        #expect(state.update(.key(.character("y"))) == [.quit])
        #expect(again.update(.key(.control("c"))) == [.quit])
        var empty = base
        #expect(empty.update(.key(.character("q"))) == [.quit])
    }

    @Test func theDemoSaysItsOutboxGoesAwayOnQuit() {
        var state = Fixtures.state(settings: AppSettings(outboxOutlivesRun: false))
        _ = state.update(.storedOutbox([OutboxEntry(id: "a", conversationID: Fixtures.id(1), content: "x", createdAt: Fixtures.now)]))
        _ = state.update(.key(.character("q")))
        let text = Fixtures.lines(state).joined(separator: " ")
        #expect(text.contains("quitting drops them."))
        #expect(!text.contains("next time"))
    }
}
