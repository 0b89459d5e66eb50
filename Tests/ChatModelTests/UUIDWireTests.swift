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

    @Test func randomIDsAreVersionFourRFCVariantAndDistinct() {
        let ids = (0..<10_000).map { _ in UUID.random() }
        for id in ids {
            #expect(id.uuid.6 >> 4 == 4, "version nibble of \(id)")
            #expect(id.uuid.8 >> 6 == 0b10, "variant bits of \(id)")
        }
        #expect(Set(ids).count == ids.count)
    }
}
