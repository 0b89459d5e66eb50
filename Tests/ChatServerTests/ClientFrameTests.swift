import ChatModel
import Foundation
import Testing

@testable import ChatServerCore

@Suite struct ClientFrameTests {
    private let rules = MessageRules(maxContentLength: 10)

    @Test func parsesEveryClientFrame() throws {
        let id = UUID()
        let cases: [(String, ClientFrame)] = [
            (#"{"type":"send_message","payload":{"content":"oi","type":"image","metadata":{"client_message_id":"c1"}}}"#,
             .sendMessage(content: "oi", kind: .image, metadata: ["client_message_id": .string("c1")])),
            (#"{"type":"send_message","payload":{"content":"oi"}}"#, .sendMessage(content: "oi", kind: .text, metadata: nil)),
            (#"{"type":"typing_start","payload":{}}"#, .typingStart),
            (#"{"type":"typing_stop"}"#, .typingStop),
            (#"{"type":"mark_read","payload":{"message_ids":["\#(id.uuidString.lowercased())"]}}"#, .markRead([MessageID(id)])),
        ]
        for (text, expected) in cases {
            #expect(try ClientFrame.parse(text, rules: rules).get() == expected)
        }
    }

    @Test func namesWhatIsWrong() {
        let cases: [(String, String)] = [
            ("not json", "Invalid JSON format"),
            ("[1,2]", "Invalid JSON format"),
            (#"{"payload":{}}"#, "Missing message type"),
            (#"{"type":7}"#, "Missing message type"),
            (#"{"type":"dance"}"#, "Unknown message type: dance"),
            (#"{"type":"send_message","payload":{}}"#, "Invalid payload: content must be a string"),
            (#"{"type":"send_message","payload":{"content":"   "}}"#, "Invalid payload: content must not be empty"),
            (#"{"type":"send_message","payload":{"content":"12345678901"}}"#,
             "Invalid payload: content must be at most 10 characters"),
            (#"{"type":"send_message","payload":{"content":"a","type":"video"}}"#,
             "Invalid payload: type must be one of text, image, file"),
            (#"{"type":"send_message","payload":{"content":"a","metadata":[1]}}"#, "Invalid payload: metadata must be an object"),
            (#"{"type":"send_message","payload":"x"}"#, "Invalid payload: payload must be an object"),
            (#"{"type":"mark_read","payload":{"message_ids":["nope"]}}"#,
             "Invalid payload: message_ids must be an array of message ids"),
        ]
        for (text, message) in cases {
            guard case .failure(let error) = ClientFrame.parse(text, rules: rules) else {
                Issue.record("\(text) was accepted")
                continue
            }
            #expect(error.text == message, "\(text)")
        }
    }

    @Test func countsContentInCharactersNotBytes() throws {
        let frame = #"{"type":"send_message","payload":{"content":"ção🎉日本語ok"}}"#
        #expect(try ClientFrame.parse(frame, rules: rules).get() == .sendMessage(content: "ção🎉日本語ok", kind: .text, metadata: nil))
    }
}
