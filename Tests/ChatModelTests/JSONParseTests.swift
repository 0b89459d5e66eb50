import ChatModel
import Foundation
import Testing

/// `JSONValue(parsing:)` and `Message(json:)` against Foundation's decoder, which they
/// replace on the socket's path: the same texts accepted, the same values read.
@Suite struct JSONParseTests {
    static func foundation(_ text: String) -> JSONValue? {
        try? ChatJSON.decode(JSONValue.self, from: Data(text.utf8))
    }

    static let valid = [
        #"{"type":"new_message","payload":{"content":"hi","metadata":{"client_message_id":"e1"}}}"#,
        " \n\t{ \"a\" : [ 1 , -0.5 , 2e3 , 1E-2 , 0 , -0 , 123456789012345678901234567890 ] , \"b\" : null } \r\n",
        #"[true,false,null,"",{},[],[[]],{"":{}}]"#,
        #""\"\\\/\b\f\n\r\t\u0000\u001f\u00e9\u20ac\ud83d\ude00 é € 😀""#,
        "\"\u{2028}\u{2029} raw non-ASCII ✓\"",
        "42", "-1.5e+300", "\"x\"", "null", "true",
        String(repeating: "[", count: 512) + String(repeating: "]", count: 512),
        String(repeating: #"{"a":"#, count: 511) + "1" + String(repeating: "}", count: 511),
    ]

    static let invalid = [
        "", " ", "{", "}", "{'a':1}", "{a:1}", "[01]", "[1.]", "[.5]", "[+1]", "[1e]", "[-]",
        "NaN", "[Infinity]", "1e400", "[-1e400]", "tru", "nul", "[true false]", "{\"a\" 1}", "{\"a\":1 \"b\":2}",
        "\"unterminated", "\"tab\tinside\"", "\"newline\ninside\"", #""\x""#, #""\u12""#, #""\u12g4""#,
        #""\ud800""#, #""\udc00""#, #""\ud800\u0041""#, "[1] [2]", "{} x",
        String(repeating: "[", count: 513) + String(repeating: "]", count: 513),
        String(repeating: #"{"a":"#, count: 513) + "1" + String(repeating: "}", count: 513),
    ]

    @Test(arguments: valid)
    func readsWhatFoundationReads(_ text: String) throws {
        let parsed = try JSONValue(parsing: text)
        #expect(parsed == (try #require(Self.foundation(text))))
    }

    @Test(arguments: invalid)
    func refusesWhatFoundationRefuses(_ text: String) {
        #expect(throws: JSONSyntaxError.self) { try JSONValue(parsing: text) }
        #expect(Self.foundation(text) == nil)
    }

    /// Where Foundation is lenient, this follows RFC 8259; a key given twice keeps its last
    /// value, as Python's `json` (the servers) and JavaScript's `JSON.parse` do, where
    /// Foundation keeps the first.
    @Test func differsFromFoundationOnlyWhereFoundationStraysFromTheRFC() throws {
        for text in ["[1,]", #"{"a":1,}"#, "\u{feff}{}"] {
            #expect(throws: JSONSyntaxError.self) { try JSONValue(parsing: text) }
            #expect(Self.foundation(text) != nil, "Foundation takes \(text)")
        }
        #expect(try JSONValue(parsing: #"{"dup":1,"dup":2}"#) == .object(["dup": .number(2)]))
        #expect(Self.foundation(#"{"dup":1,"dup":2}"#) == .object(["dup": .number(1)]))
    }

    /// Every one-byte deletion, insertion and replacement of a frame: both accept the same
    /// texts and read the same values, but for a trailing comma, which only Foundation takes.
    @Test func agreesWithFoundationOnEveryOneByteEditOfAFrame() {
        let frame = Array(#"{"type":"new_message","payload":{"id":"7f3a2b1c-0000-4000-8000-0000000000a1","n":[1,-2.5e3,true,null],"s":"a\"\u00e9"}}"#.utf8)
        let replacements = Array(#"{}[]",:-+.0e\u"#.utf8) + [0x20, 0x0A, 0x00, 0x7F]
        var edits: [[UInt8]] = []
        for index in frame.indices {
            var deleted = frame
            deleted.remove(at: index)
            edits.append(deleted)
            for byte in replacements {
                var replaced = frame
                replaced[index] = byte
                edits.append(replaced)
                var inserted = frame
                inserted.insert(byte, at: index)
                edits.append(inserted)
            }
        }
        var disagreements: [String] = []
        for bytes in edits {
            let text = String(decoding: bytes, as: UTF8.self)
            let trailingComma = text.contains(",]") || text.contains(",}")
            if (try? JSONValue(parsing: text)) != Self.foundation(text), !trailingComma { disagreements.append(text) }
        }
        #expect(disagreements.isEmpty, "\(disagreements.count) of \(edits.count) edits read differently, e.g. \(disagreements.prefix(3))")
    }

    static let message: [String: String] = [
        "id": #""7F3A2B1C-0000-4000-8000-0000000000A1""#, "conversation_id": #""7f3a2b1c-0000-4000-8000-000000000001""#,
        "sender": #""admin""#, "type": #""image""#, "content": #""hi""#, "metadata": #"{"client_message_id":"e1"}"#,
        "timestamp": #""2025-11-18T14:00:00.5Z""#, "is_read": "true", "created_at": #""2025-11-18T13:59:59+01:00""#,
    ]

    static func object(_ fields: [String: String]) -> String {
        "{" + fields.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",") + "}"
    }

    /// The message as given, and with each field missing, null, or of another kind.
    static var messageVariants: [String] {
        var variants = [object(message)]
        let others = ["null", "1", "true", #""""#, #""not a uuid""#, #""bot""#, #""2025-13-01T00:00:00Z""#, "{}", "[]"]
        for key in message.keys.sorted() {
            var without = message
            without[key] = nil
            variants.append(object(without))
            for other in others {
                var changed = message
                changed[key] = other
                variants.append(object(changed))
            }
        }
        return variants
    }

    @Test func aMessagesJSONValueIsWrittenAsTheEncoderWritesIt() throws {
        let plain = Message(
            id: "7f3a2b1c-0000-4000-8000-0000000000a1", conversationID: "7f3a2b1c-0000-4000-8000-000000000001",
            sender: .client, content: "olá \"quoted\" \u{1b}[31m\u{2028} 😀", timestamp: Date(timeIntervalSince1970: 1_763_474_400.123456),
            createdAt: Date(timeIntervalSince1970: 1_763_474_399))
        var rich = plain
        rich.kind = .image
        rich.isRead = true
        rich.metadata = ["client_message_id": .string("e1"), "n": .number(-2.5e-7), "nested": .object(["a": .array([.null, .bool(false)])])]
        for message in [plain, rich] {
            #expect(message.jsonValue.jsonText == String(decoding: try ChatJSON.encode(message), as: UTF8.self))
            #expect(try ChatJSON.decode(Message.self, from: Data(try #require(message.jsonValue.jsonText).utf8)) == message)
        }
    }

    @Test func messagesAreReadAsTheDecoderReadsThem() throws {
        var checked = (accepted: 0, refused: 0)
        for text in Self.messageVariants {
            let decoded = try? ChatJSON.decode(Message.self, from: Data(text.utf8))
            guard case .object(let object) = try JSONValue(parsing: text) else {
                Issue.record("not an object: \(text)")
                continue
            }
            let read = try? Message(json: object)
            #expect(read == decoded, "\(text)")
            if decoded == nil { checked.refused += 1 } else { checked.accepted += 1 }
        }
        #expect(checked.accepted >= 10 && checked.refused >= 30, "both kinds are exercised: \(checked)")
    }
}
