import ChatModel
import Foundation
import Testing

@testable import ChatServerCore

/// Parsing the rooms client frames (the socket tests cover the answers on the wire).
@Suite struct RoomsCommandTests {
    private let rules = MessageRules(maxContentLength: 10)
    private let room = "6f1c7a52-3b0e-4c55-9a57-0b4b2d7e9a10"

    private func parse(_ text: String) -> Result<RoomsCommand, RoomsError> {
        RoomsCommand.parse(text, rules: rules)
    }

    @Test func everyEventParses() {
        let id = UUID()
        #expect(parse(#"{"event":"join_room","data":{"room_id":"\#(room)"}}"#) == .success(.joinRoom(room)))
        #expect(parse(#"{"event":"leave_room","data":{"room_id":"\#(room)"}}"#) == .success(.leaveRoom(room)))
        #expect(
            parse(#"{"event":"message","data":{"room_id":"\#(room)","content":"oi","type":"file"}}"#)
                == .success(.message(room: room, content: "oi", kind: .file)))
        #expect(
            parse(#"{"event":"message","data":{"room_id":"\#(room)","content":"oi"}}"#)
                == .success(.message(room: room, content: "oi", kind: .text)), "type defaults to text")
        #expect(parse(#"{"event":"typing_start","data":{"room_id":"\#(room)"}}"#) == .success(.typing(room: room, started: true)))
        #expect(parse(#"{"event":"typing_stop","data":{"room_id":"\#(room)"}}"#) == .success(.typing(room: room, started: false)))
        #expect(parse(#"{"event":"heartbeat"}"#) == .success(.heartbeat))
        #expect(parse(#"{"event":"heartbeat","data":null}"#) == .success(.heartbeat))
        #expect(
            parse(#"{"event":"message_read","data":{"room_id":"\#(room)","message_ids":["\#(id.uuidString)"]}}"#)
                == .success(.messageRead(room: room, messageIDs: [MessageID(id)])))
    }

    @Test func extraKeysAreIgnored() {
        #expect(
            parse(#"{"event":"join_room","data":{"room_id":"\#(room)","colour":"blue"},"timestamp":"x","id":1}"#)
                == .success(.joinRoom(room)))
    }

    @Test func contentFollowsTheMessageRules() {
        #expect(
            parse(#"{"event":"message","data":{"room_id":"\#(room)","content":"12345678901"}}"#)
                == .failure(.invalidFormat("content must be at most 10 characters")))
        #expect(
            parse(#"{"event":"message","data":{"room_id":"\#(room)","content":"x","type":7}}"#)
                == .failure(.invalidFormat("type must be one of text, image, file")))
    }

    @Test func roomIDsNameConversationsInEitherCase() {
        let id = UUID()
        #expect(RoomID.parse(id.uuidString) == ConversationID(id))
        #expect(RoomID.parse(id.uuidString.lowercased())?.rawValue == id.uuidString.lowercased())
        #expect(RoomID.parse("conv_123") == nil)
    }
}
