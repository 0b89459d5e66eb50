import ChatClientKit
@testable import ChatTUI
import Foundation
import Testing

/// Server texts are clipped as they enter the app, on a character boundary, saying how much
/// was left out.
@Suite struct DisplayClipTests {
    @Test func aHugeMessageIsClippedAndSaysHowMuchIsNotShown() {
        let huge = String(repeating: "é", count: 10_000_000)
        var state = Fixtures.state(width: 80, height: 24, conversations: [Fixtures.conversation(1)])
        _ = state.update(.key(.enter))
        _ = state.update(.historyLoaded(Fixtures.id(1), before: nil, limit: 50, .success([Fixtures.message(1, .client, huge)])))
        let shown = state.buffers[Fixtures.id(1)]?.timeline.messages.first?.content ?? ""
        #expect(shown.utf8.count < DisplayClip.messageBytes + 100)
        #expect(shown.hasSuffix("… [\(20_000_000 - DisplayClip.messageBytes) more bytes not shown]"))
        #expect(Fixtures.lines(state).joined().contains("éééé"))
    }

    @Test func clippingKeepsWholeCharactersAndLeavesShortTextsAlone() {
        #expect(DisplayClip.text("short", limit: 10) == "short")
        #expect(DisplayClip.text("ab👍🏽cd", limit: 5) == "ab … [10 more bytes not shown]")
        let summary = String(repeating: "x", count: 5_000)
        #expect(DisplayClip.conversation(Fixtures.conversation(1, summary: summary)).summary?.utf8.count ?? 0 < 1_100)
    }
}
