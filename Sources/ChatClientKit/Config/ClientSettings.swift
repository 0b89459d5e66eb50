import Foundation

/// Server, dialect, identity and TLS settings, resolved the same way by chatctl and chat-tui:
/// flags, then environment (`CHAT_SERVER`, `CHAT_DIALECT`, `CHAT_TOKEN`, `CHAT_TOKEN_FILE`,
/// `CHAT_USER`, `CHAT_ROLE`, `CHAT_CA_FILE`), then the shared config file (`server`,
/// `dialect`, `token_file`, `user`, `role`, `ca_file`).
///
/// A token never comes from a flag's value: only from the environment or a file that
/// nobody but its owner can read.
public struct ClientSettings: Sendable {
    public var server: ServerAddress
    public var dialect: any Dialect
    /// The bearer token; optional only on dialects that do not require one.
    public var token: BearerToken?
    /// The user id a per-user socket names, when it is not the token's `sub`.
    public var user: String?
    /// The role a per-user socket asks for (`rooms`), when it is not the dialect's default.
    public var role: String?
    /// A PEM file of extra trusted CA certificates; the system roots stay trusted.
    public var caFile: String?

    public init(
        server: ServerAddress, dialect: any Dialect = ConversationsDialect(), token: BearerToken?, user: String? = nil,
        role: String? = nil, caFile: String? = nil
    ) {
        self.server = server
        self.dialect = dialect
        self.token = token
        self.user = user
        self.role = role
        self.caFile = caFile
    }

    /// The user the server will see: `user` if given, else the token's `sub`.
    public var userID: String? { user ?? token?.subject }

    /// What the command line said; nil means "not given".
    public struct Flags: Sendable {
        public var server: String?
        public var dialect: String?
        public var tokenFile: String?
        public var user: String?
        public var role: String?
        public var caFile: String?

        public init(
            server: String? = nil, dialect: String? = nil, tokenFile: String? = nil, user: String? = nil,
            role: String? = nil, caFile: String? = nil
        ) {
            self.server = server
            self.dialect = dialect
            self.tokenFile = tokenFile
            self.user = user
            self.role = role
            self.caFile = caFile
        }
    }

    /// Resolves settings from flags, environment and config file.
    public static func resolve(
        flags: Flags, environment: [String: String], config: ConfigFile, configPath: String
    ) throws(ChatError) -> ClientSettings {
        func nonEmpty(_ value: String?) -> String? { value?.isEmpty == false ? value : nil }
        guard let serverText = nonEmpty(flags.server) ?? nonEmpty(environment["CHAT_SERVER"]) ?? config.string("server")
        else {
            throw .usage("no server given; pass --server URL, set CHAT_SERVER, or add server = \"URL\" to \(configPath)")
        }
        let server = try ServerAddress(serverText)
        let dialect = try Dialects.named(
            nonEmpty(flags.dialect) ?? nonEmpty(environment["CHAT_DIALECT"]) ?? config.string("dialect")
                ?? ConversationsDialect().name)
        var token: BearerToken?
        if let file = nonEmpty(flags.tokenFile) {
            token = try readTokenFile(file)
        } else if let value = nonEmpty(environment["CHAT_TOKEN"]) {
            token = try BearerToken(value)
        } else if let file = nonEmpty(environment["CHAT_TOKEN_FILE"]) ?? config.string("token_file") {
            token = try readTokenFile(file)
        } else if dialect.requiresToken {
            throw .usage(
                "no token given; set CHAT_TOKEN, pass --token-file PATH (mode 0600), or add token_file = \"PATH\" to \(configPath)"
            )
        }
        let caFile = nonEmpty(flags.caFile) ?? nonEmpty(environment["CHAT_CA_FILE"]) ?? config.string("ca_file")
        if let caFile, !FileManager.default.isReadableFile(atPath: caFile) {
            throw .usage("cannot read the CA file \(caFile)")
        }
        let settings = ClientSettings(
            server: server, dialect: dialect, token: token,
            user: nonEmpty(flags.user) ?? nonEmpty(environment["CHAT_USER"]) ?? config.string("user"),
            role: nonEmpty(flags.role) ?? nonEmpty(environment["CHAT_ROLE"]) ?? config.string("role"), caFile: caFile)
        try dialect.checkIdentity(of: settings)
        return settings
    }

    /// Reads a token file, refusing one that others can read (as ssh does with keys).
    public static func readTokenFile(_ path: String) throws(ChatError) -> BearerToken {
        let expanded = (path as NSString).expandingTildeInPath
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: expanded),
              let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue
        else { throw .usage("cannot read the token file \(path): no such file") }
        guard mode & 0o077 == 0 else {
            throw .usage(
                "the token file \(path) is readable by others (mode \(String(mode, radix: 8))); run 'chmod 600 \(path)'")
        }
        guard let contents = try? String(contentsOfFile: expanded, encoding: .utf8) else {
            throw .usage("cannot read the token file \(path)")
        }
        return try BearerToken(contents)
    }
}
