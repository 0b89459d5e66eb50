import Foundation
import Testing

@testable import chatctl

@Suite struct TimeTextTests {
    let instant = Date(timeIntervalSince1970: 1_763_474_462.25)

    @Test func tablesUseLocalTime() throws {
        #expect(TimeText.local(instant, timeZone: try #require(TimeZone(identifier: "UTC"))) == "2025-11-18 14:01:02")
        #expect(
            TimeText.local(instant, timeZone: try #require(TimeZone(identifier: "America/Sao_Paulo")))
                == "2025-11-18 11:01:02")
    }

    @Test func machineFormatsUseISO8601UTC() {
        #expect(TimeText.iso(instant) == "2025-11-18T14:01:02.250000Z")
    }
}
