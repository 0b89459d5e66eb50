import ChatClientKit
import Foundation

/// The text of `messages send`: the argument, or standard input for `-`.
enum MessageText {
    /// Text read from stdin: UTF-8, with the final line break (as `echo` adds) removed.
    static func decode(_ data: Data) throws(ChatError) -> String {
        guard var text = String(data: data, encoding: .utf8) else {
            throw .usage("standard input is not UTF-8 text")
        }
        if text.hasSuffix("\n") { text.removeLast() }
        return text
    }

    /// The message to send, refusing an empty or blank one before any request.
    static func resolve(_ argument: String, readStdin: () -> Data) throws(ChatError) -> String {
        let text = argument == "-" ? try decode(readStdin()) : argument
        guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw .usage("the message is empty; pass the text, or - to read it from standard input")
        }
        return text
    }
}
