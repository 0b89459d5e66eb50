import ArgumentParser
import ChatServerCore
import Foundation

/// Where the HS256 secret comes from; shared by `serve` and `token`.
struct SecretOptions: ParsableArguments {
    @Option(help: "File holding the secret (mode 0600). Otherwise CHAT_SERVER_SECRET is used.")
    var secretFile: String?

    @Flag(help: "Without a configured secret, generate one and keep it under $XDG_STATE_HOME/chat-server/.")
    var dev = false

    /// Resolves the secret, telling stderr where a development secret lives.
    func resolve() throws -> ServerSecret {
        let secret: ServerSecret
        do {
            secret = try ServerSecret.resolve(secretFile: secretFile, dev: dev)
        } catch {
            throw CommandFailure(error.description)
        }
        if case .development(let path, let created) = secret.origin {
            StandardError.write("chat-server: \(created ? "generated" : "using") development secret \(path)")
        }
        return secret
    }
}

/// A failure reported as `chat-server: message` with exit code 1.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}

enum StandardError {
    static func write(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
