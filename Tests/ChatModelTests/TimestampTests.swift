import ChatModel
import Foundation
import Testing

@Suite struct TimestampTests {
    @Test(arguments: [
        ("2025-11-18T14:01:02Z", 1_763_474_462.0),
        ("2025-11-18T14:01:02", 1_763_474_462.0),
        ("2025-11-18 14:01:02", 1_763_474_462.0),
        ("2025-11-18T14:01:02.5Z", 1_763_474_462.5),
        ("2025-11-18T14:01:02.123456", 1_763_474_462.123456),
        ("2025-11-18T14:01:02.123456+00:00", 1_763_474_462.123456),
        ("2025-11-18T11:01:02-03:00", 1_763_474_462.0),
        ("2025-11-18T16:31:02+0230", 1_763_474_462.0),
        ("2024-02-29T00:00:00Z", 1_709_164_800.0),
        ("1969-12-31T23:59:59Z", -1.0),
    ])
    func parsesServerForms(text: String, expected: Double) throws {
        let date = try #require(Timestamp.parse(text))
        #expect(abs(date.timeIntervalSince1970 - expected) < 1e-6)
    }

    @Test(arguments: [
        "", "2025-11-18", "2025-13-01T00:00:00Z", "2025-02-30T00:00:00Z", "2025-11-18T24:00:00Z",
        "2025-11-18T14:01:02.Z", "2025-11-18T14:01:02Zjunk", "2025-11-18T14:01:02+5",
        "not a date",
    ])
    func rejectsMalformed(text: String) {
        #expect(Timestamp.parse(text) == nil)
    }

    @Test func formatsUTCWithMicroseconds() {
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1_763_474_462.123456))
            == "2025-11-18T14:01:02.123456Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59.000000Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: -62_135_596_799.5)) == "0001-01-01T00:00:00.500000Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: 253_402_300_799)) == "9999-12-31T23:59:59.000000Z")
    }

    @Test func appendsTheSameBytesItFormats() {
        var bytes = Array("prefix ".utf8)
        let date = Date(timeIntervalSince1970: 1_763_474_462.5)
        Timestamp.append(date, to: &bytes)
        #expect(bytes == Array("prefix 2025-11-18T14:01:02.500000Z".utf8))
        #expect(Timestamp.format(date).utf8.count == Timestamp.formattedLength)
    }

    @Test func roundTripsMicroseconds() throws {
        for micros in stride(from: Int64(-86_400_000_000), to: 4_000_000_000_000_000, by: 987_654_321_987) {
            let date = Date(timeIntervalSince1970: Double(micros) / 1_000_000)
            let back = try #require(Timestamp.parse(Timestamp.format(date)))
            #expect(abs(back.timeIntervalSince1970 - date.timeIntervalSince1970) < 1e-6)
        }
    }
}
