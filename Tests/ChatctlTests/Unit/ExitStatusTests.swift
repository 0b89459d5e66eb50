import ChatClientKit
import Foundation
import Testing

@testable import chatctl

@Suite struct ExitStatusTests {
    @Test(arguments: [
        (ChatError.usage("x"), 64), (.validation("x"), 65), (.conversationClosed("x"), 65), (.notFound("x"), 66),
        (.network("x"), 69), (.server(status: 503, "x"), 69), (.rateLimited("x", retryAfter: 3), 75),
        (.timeout("x"), 75), (.unauthorized("x"), 77), (.forbidden("x"), 77), (.invalidResponse("x"), 1),
    ] as [(ChatError, Int32)])
    func mapsEveryErrorToItsDocumentedCode(error: ChatError, code: Int32) {
        #expect(ExitStatus(error).rawValue == code)
    }

    @Test func helpListsEveryCode() {
        for status in ExitStatus.allCases {
            #expect(ExitStatus.table.contains("\(status.rawValue)  \(status.meaning)"))
        }
    }
}

@Suite struct ErrorReportTests {
    let id = ConversationID(UUID(uuidString: "7f3c2a1e-5b4d-4c3e-9a8f-0123456789ab")!)

    @Test func closedConversationSaysHowToReopen() {
        let report = ErrorReport(settings: nil)
        #expect(
            report.sentence(.conversationClosed("Cannot send message to closed conversation"), about: .conversation(id))
                == "conversation 7f3c2a1e-5b4d-4c3e-9a8f-0123456789ab is closed; reopen it with "
                + "'chatctl conversations reopen 7f3c2a1e-5b4d-4c3e-9a8f-0123456789ab'")
    }

    @Test func notFoundNamesTheConversationAndHowToFindOne() {
        let sentence = ErrorReport(settings: nil).sentence(.notFound("Conversation not found"), about: .conversation(id))
        #expect(sentence.hasPrefix("conversation 7f3c2a1e-5b4d-4c3e-9a8f-0123456789ab does not exist;"))
        #expect(sentence.contains("chatctl conversations list"))
    }

    @Test func expiredTokenIsCalledExpired() {
        var report = ErrorReport(settings: nil)
        report.tokenExpiry = Date(timeIntervalSince1970: 1000)
        report.now = Date(timeIntervalSince1970: 2000)
        #expect(report.sentence(.unauthorized("Invalid token"), about: .none).hasPrefix("the token expired at "))
        report.now = Date(timeIntervalSince1970: 500)
        #expect(report.sentence(.unauthorized("Invalid token"), about: .none).hasPrefix("the server rejected the token"))
    }

    @Test func rateLimitSaysHowLongToWait() {
        let sentence = ErrorReport(settings: nil).sentence(.rateLimited("Rate limit exceeded", retryAfter: 12.2), about: .none)
        #expect(sentence.contains("wait 13 s"))
    }
}
