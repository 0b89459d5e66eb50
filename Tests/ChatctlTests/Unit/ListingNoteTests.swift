import ChatClientKit
import Foundation
import Testing

@testable import chatctl

@Suite struct ListingNoteTests {
    func page(_ number: Int, items: Int, total: Int, limit: Int = 20) -> Page<Conversation> {
        let now = Date()
        let conversation = Conversation(
            id: ConversationID(UUID()), clientID: UUID().wireString, status: .active, channel: .web, startDate: now, lastUpdate: now,
            createdAt: now, updatedAt: now)
        return Page(
            items: Array(repeating: conversation, count: items), total: total, page: number, limit: limit,
            hasNext: number * limit < total)
    }

    @Test func saysWhenAListingIsCut() {
        #expect(ListingNote.conversations(page(1, items: 20, total: 57)) == "showing 20 of 57; use --all or --page 2")
        #expect(ListingNote.conversations(page(2, items: 20, total: 57)) == "showing 21–40 of 57; use --all or --page 3")
    }

    @Test func saysNothingForTheLastPage() {
        #expect(ListingNote.conversations(page(3, items: 17, total: 57)) == nil)
        #expect(ListingNote.conversations(page(1, items: 0, total: 0)) == nil)
    }

    @Test func explainsAPagePastTheEnd() {
        #expect(
            ListingNote.conversations(page(5, items: 0, total: 57))
                == "page 5 is past the end: 57 conversations fill 3 pages of 20")
    }
}
