import ChatClientKit
import Foundation
import Testing
import TestSupport

/// The real `chat-tui` speaking `rooms` in tmux against the real `chat-server` behind a fault
/// proxy, as a supervisor: a joined room, the bot's answer with its quick replies, the queue,
/// an assignment, an acknowledged message, and the network dying under it.
@Suite(.live, .serialized) struct RoomsTUIEndToEndTests {
    @Test func aSupervisorJoinsSeesTheBotAndTheQueueGetsAssignedAndSurvivesAKilledNetwork() async throws {
        let fixture = try await TUIFixture.start()
        let room = try await fixture.createConversation(summary: "unused by rooms")
        let tui = try fixture.launch(
            arguments: ["--dialect", "rooms", "--role", "supervisor"],
            // A dead network is noticed after 12 s of silence (heartbeats every 4 s): at 6 s a
            // loaded CI machine once dropped a live socket, and rooms servers keep no history
            // to recover the customer's message from.
            extraEnvironment: ["CHAT_TUI_PING_INTERVAL": "5", "CHAT_TUI_IDLE_TIMEOUT": "12"])
        try await tui.waitFor("● connected · 0 convs", "n join a room by id")

        try await tui.press("n")
        try await tui.waitFor("Join a room")
        try tui.type(room)
        try await tui.press("Enter")
        try await tui.waitFor("the local record starts here")

        let customer = try await fixture.server.openRoomsSocket(user: "joao", role: "cliente")
        customer.sendEvent("join_room", ["room_id": .string(room)])
        customer.sendEvent("message", ["room_id": .string(room), "content": "Olá, bom dia!", "type": "text"])
        try await tui.waitFor("client  Olá, bom dia!", "bot     Olá! Sou a assistente virtual", "Alt+2 Falar com atendente")

        customer.sendEvent("message", ["room_id": .string(room), "content": "Quero falar com um atendente", "type": "text"])
        try await tui.waitFor("queue 1")
        let assigned = try await fixture.http.post("/ws/assign/\(room)/agent-1", json: .object([:]))
        #expect(assigned.status == 200)
        try await tui.waitFor("assigned to you: joao")

        try tui.type("Olá João, aqui é a supervisora")
        try await tui.press("Enter")
        try await tui.waitFor("you     Olá João, aqui é a supervisora ✓")
        #expect(try await customer.waitForEvent("message")["content"]?.stringValue == "Olá João, aqui é a supervisora")

        fixture.proxy.setMode(.blackhole)
        try await tui.waitFor("reconnecting in")
        fixture.proxy.setMode(.pass)
        try await tui.waitFor("● connected")
        customer.close()
        #expect(try await fixture.finish() == 0)
    }
}
