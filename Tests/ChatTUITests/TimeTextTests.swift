import ChatTUI
import Foundation
import Testing

@Suite struct TimeTextTests {
    private let time = TimeText(timeZone: Fixtures.utc)

    @Test func clockAndDay() {
        #expect(time.clock(Fixtures.at(9, 5)) == "09:05")
        #expect(time.day(Fixtures.at(9, 5), now: Fixtures.now) == "Tue 18 Nov")
        #expect(time.day(Fixtures.at(9, 5, daysAgo: 365), now: Fixtures.now) == "Mon 18 Nov 2024")
    }

    @Test func theTimeZoneIsTheAgents() {
        let saoPaulo = TimeText(timeZone: TimeZone(identifier: "America/Sao_Paulo")!)
        #expect(saoPaulo.clock(Fixtures.at(14, 2)) == "11:02")
        #expect(!saoPaulo.sameDay(Fixtures.at(1, 0), Fixtures.at(14, 0)))
    }
}
