import ChatClientKit

/// Which commands each dialect's servers can serve, for the usage error a command gives
/// on a server that cannot.
enum DialectCommands {
    static let available: [String: String] = [
        "conversations": "conversations ..., messages ..., watch",
        "rooms": "status, rooms list, queue list, agents list, broadcast, assign, messages send, watch",
        "socketio": "conversations list|get|close|reopen|pending, messages list|send, watch",
    ]

    /// Throws a usage error unless `dialect` is one of `dialects`.
    static func check(_ dialect: String, serves dialects: Set<String>) throws(ChatError) {
        guard !dialects.contains(dialect) else { return }
        let needed = dialects.sorted().map { "'\($0)'" }.joined(separator: " or ")
        var sentence = "this command needs a \(needed) server, and this one speaks '\(dialect)'"
        if let commands = available[dialect] { sentence += " (which serves: \(commands))" }
        throw .usage(sentence + "; pass --dialect if the server speaks another dialect")
    }
}
