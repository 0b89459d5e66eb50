import ChatModel
import Foundation
import TerminalText

/// JSON output with the wire conventions (snake_case keys, ISO-8601 UTC times, lowercase ids).
///
/// The encoder escapes C0 controls inside strings (outside them, only whitespace occurs);
/// this also escapes DEL, C1 controls, line separators and bidirectional overrides as
/// `\uXXXX`, so JSON printed to a terminal is inert too. Those characters can only occur
/// inside strings, so the result is the same JSON value.
enum JSONText {
    static func encode(_ value: some Encodable, pretty: Bool) throws -> String {
        let encoder = ChatJSON.encoder()
        if pretty { encoder.outputFormatting.insert(.prettyPrinted) }
        return inert(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    static func inert(_ json: String) -> String {
        func needsEscape(_ scalar: Unicode.Scalar) -> Bool { scalar.value >= 0x20 && scalar.isTerminalControl }
        guard json.unicodeScalars.contains(where: needsEscape) else { return json }
        var result = String.UnicodeScalarView()
        for scalar in json.unicodeScalars {
            if needsEscape(scalar) {
                result.append(contentsOf: ("\\u" + TerminalSafe.hex(scalar.value, digits: 4)).unicodeScalars)
            } else {
                result.append(scalar)
            }
        }
        return String(result)
    }
}
