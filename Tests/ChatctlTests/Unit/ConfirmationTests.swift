import Testing

@testable import chatctl

@Suite struct ConfirmationTests {
    @Test func onlyYesConfirms() {
        #expect(Confirmation.accepts("y"))
        #expect(Confirmation.accepts(" YES "))
        #expect(!Confirmation.accepts(""))
        #expect(!Confirmation.accepts("no"))
        #expect(!Confirmation.accepts("yep"))
        #expect(!Confirmation.accepts(nil))
    }
}
