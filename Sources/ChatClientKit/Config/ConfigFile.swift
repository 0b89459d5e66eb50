import Foundation

/// The shared config file (`$XDG_CONFIG_HOME/chat/config.toml`) read by chatctl and chat-tui.
///
/// It understands the subset of TOML the file needs: `key = "string"`, `key = true`,
/// `key = 42`, `# comments` and `[section]` headers (keys inside become `section.key`).
/// Anything else is an error naming the line, rather than a silent misread.
public struct ConfigFile: Sendable, Equatable {
    public enum Value: Sendable, Equatable {
        case string(String)
        case bool(Bool)
        case integer(Int)
    }

    public let values: [String: Value]

    public init(values: [String: Value] = [:]) {
        self.values = values
    }

    /// Parses the file's text; `path` is only used in error messages.
    public init(parsing text: String, path: String = "config.toml") throws(ChatError) {
        var values: [String: Value] = [:]
        var section = ""
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = Self.stripComment(rawLine.trimmingCharacters(in: .whitespaces))
            guard !line.isEmpty else { continue }
            let where_ = "\(path):\(index + 1)"
            if line.hasPrefix("[") {
                guard line.hasSuffix("]"), line.count > 2 else { throw .usage("\(where_): malformed section header") }
                section = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces) + "."
                continue
            }
            guard let equals = line.firstIndex(of: "=") else { throw .usage("\(where_): expected key = value") }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            let raw = line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty, key.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" }) else {
                throw .usage("\(where_): invalid key '\(key)'")
            }
            values[section + key] = try Self.value(raw, at: where_)
        }
        self.values = values
    }

    /// Reads the file at `path`; a missing file is an empty config.
    public static func load(path: String) throws(ChatError) -> ConfigFile {
        guard FileManager.default.fileExists(atPath: path) else { return ConfigFile() }
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw .usage("cannot read \(path): \(error.localizedDescription)")
        }
        return try ConfigFile(parsing: text, path: path)
    }

    public func string(_ key: String) -> String? {
        if case .string(let value) = values[key] { value } else { nil }
    }

    public func bool(_ key: String) -> Bool? {
        if case .bool(let value) = values[key] { value } else { nil }
    }

    private static func stripComment(_ line: String) -> String {
        var inString = false
        var escaped = false
        for (offset, character) in line.enumerated() {
            if escaped { escaped = false; continue }
            if character == "\\" && inString { escaped = true; continue }
            if character == "\"" { inString.toggle() }
            if character == "#" && !inString {
                return String(line.prefix(offset)).trimmingCharacters(in: .whitespaces)
            }
        }
        return line
    }

    private static func value(_ raw: String, at location: String) throws(ChatError) -> Value {
        if raw == "true" { return .bool(true) }
        if raw == "false" { return .bool(false) }
        if let number = Int(raw) { return .integer(number) }
        if raw.count >= 2, raw.hasPrefix("'"), raw.hasSuffix("'") { return .string(String(raw.dropFirst().dropLast())) }
        guard raw.count >= 2, raw.hasPrefix("\""), raw.hasSuffix("\"") else {
            throw .usage("\(location): expected a quoted string, true/false or an integer")
        }
        var result = ""
        var escaped = false
        for character in raw.dropFirst().dropLast() {
            if escaped {
                switch character {
                case "n": result.append("\n")
                case "t": result.append("\t")
                case "\"", "\\": result.append(character)
                default: throw .usage("\(location): unsupported escape \\\(character)")
                }
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else {
                result.append(character)
            }
        }
        guard !escaped else { throw .usage("\(location): unterminated escape") }
        return .string(result)
    }
}
