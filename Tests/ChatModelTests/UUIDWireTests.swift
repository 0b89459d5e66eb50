import ChatModel
import Foundation
import Testing

@Suite struct UUIDWireTests {
    @Test func wireStringIsTheLowercaseUUIDString() throws {
        let fixed = try #require(UUID(uuidString: "7F3A2B1C-0000-4000-8000-00000000ABCD"))
        #expect(fixed.wireString == "7f3a2b1c-0000-4000-8000-00000000abcd")
        for _ in 0..<1_000 {
            let id = UUID.random()
            #expect(id.wireString == id.uuidString.lowercased())
            #expect(UUID(uuidString: id.wireString) == id)
        }
    }

    @Test(arguments: ["7f3a2b1c-0000-4000-8000-00000000abcd", "7F3A2B1C-0000-4000-8000-00000000ABCD", "7f3A2b1C-0000-4000-8000-00000000aBcD"])
    func wireFormReadsTheCanonicalFormInEitherCase(_ text: String) {
        #expect(UUID.wireForm(of: text) == UUID(uuidString: text)?.wireString)
        #expect(UUID.wireForm(of: text) == "7f3a2b1c-0000-4000-8000-00000000abcd")
    }

    /// Foundation's `sscanf` also takes " 7f3a2b1c-0000-4000-8000-00000000abc" (a leading
    /// space, and a last byte of one digit) as a different UUID; this does not.
    @Test(arguments: [
        "", "7f3a2b1c", "7f3a2b1c-0000-4000-8000-00000000abc", "7f3a2b1c-0000-4000-8000-00000000abcde",
        "7f3a2b1c00000-4000-8000-00000000abcd", "7f3a2b1c-0000-4000-8000-00000000abcg", "{7f3a2b1c-0000-4000-8000-00000000abcd}",
        "7f3a2b1c-0000-4000-8000-00000000abç", "7f3a2b1c-0000-4000-8000-0000000\u{1b}abcd", " 7f3a2b1c-0000-4000-8000-00000000abc",
        "7f3a2b1c-0000-4000-8000-00000000abcd\n", "7f3a2b1c-00-004000-8000-00000000abcd", "7f3a2b1c+0000-4000-8000-00000000abcd",
    ])
    func wireFormRefusesAnythingElse(_ text: String) {
        #expect(UUID.wireForm(of: text) == nil)
    }

    @Test func aMessageWithAnInvalidIDIsADecodingError() throws {
        let valid = #"{"id":"7F3A2B1C-0000-4000-8000-00000000ABCD","conversation_id":"7f3a2b1c-0000-4000-8000-000000000001","sender":"admin","content":"hi","timestamp":"2025-11-18T14:00:00Z"}"#
        let message = try ChatJSON.decode(Message.self, from: Data(valid.utf8))
        #expect(message.id == MessageID("7f3a2b1c-0000-4000-8000-00000000abcd"))
        let invalid = valid.replacingOccurrences(of: "7F3A2B1C-0000", with: "7F3A2B1C_0000")
        #expect(throws: DecodingError.self) { try ChatJSON.decode(Message.self, from: Data(invalid.utf8)) }
    }

    @Test func randomIDsAreVersionFourRFCVariantAndDistinct() {
        let ids = (0..<10_000).map { _ in UUID.random() }
        for id in ids {
            #expect(id.uuid.6 >> 4 == 4, "version nibble of \(id)")
            #expect(id.uuid.8 >> 6 == 0b10, "variant bits of \(id)")
        }
        #expect(Set(ids).count == ids.count)
    }
}
