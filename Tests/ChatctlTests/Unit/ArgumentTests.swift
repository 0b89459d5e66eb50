import ArgumentParser
import ChatClientKit
import Testing

@testable import chatctl

@Suite struct ArgumentTests {
    @Test func enumsMatchIgnoringCase() throws {
        #expect(Conversation.Priority(argument: "high") == .high)
        #expect(Conversation.Priority(argument: "High") == .high)
        #expect(Message.Sender(argument: "CLIENT") == .client)
        #expect(Conversation.Channel(argument: "fax") == nil)
    }

    @Test func badValuesAreUsageErrorsListingTheValidOnes() {
        do {
            _ = try Chatctl.parseAsRoot(["conversations", "create", "--client-id", "x", "--channel", "fax"])
            Issue.record("parsing succeeded")
        } catch {
            #expect(Chatctl.exitCode(for: error).rawValue == 64)
        }
        do {
            _ = try Chatctl.parseAsRoot(["conversations", "list", "--status", "open"])
            Issue.record("parsing succeeded")
        } catch {
            #expect(Chatctl.fullMessage(for: error).contains("'active', 'closed' or 'pending'"))
            #expect(Chatctl.exitCode(for: error).rawValue == 64)
        }
    }

    @Test func badUUIDsAreUsageErrorsSayingWhatIsExpected() {
        do {
            _ = try Chatctl.parseAsRoot(["conversations", "delete", "7f3"])
            Issue.record("parsing succeeded")
        } catch {
            #expect(Chatctl.fullMessage(for: error).contains("expected a UUID"))
            #expect(Chatctl.exitCode(for: error).rawValue == 64)
        }
    }

    @Test func createOnlyAcceptsOpenStatuses() {
        #expect(InitialStatus(argument: "closed") == nil)
        #expect(InitialStatus(argument: "pending")?.status == .pending)
    }

    @Test func updateWithoutChangesIsRefused() {
        #expect(throws: (any Error).self) {
            try Chatctl.parseAsRoot(["conversations", "update", "7f3c2a1e-5b4d-4c3e-9a8f-0123456789ab"])
        }
    }
}
