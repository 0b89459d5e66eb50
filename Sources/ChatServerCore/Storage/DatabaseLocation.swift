import Foundation

/// Where the server keeps its data: a SQLite file (one instance) or a PostgreSQL database
/// (any number of instances, which then fan events out through LISTEN/NOTIFY).
public enum DatabaseLocation: Sendable, Equatable, CustomStringConvertible {
    case sqlite(path: String)
    case postgres(PostgresURL)

    /// A `postgres://` or `postgresql://` URL, else a SQLite path.
    public static func parse(_ text: String) throws(PostgresURL.ParseError) -> DatabaseLocation {
        PostgresURL.isPostgres(text) ? .postgres(try PostgresURL(parsing: text)) : .sqlite(path: text)
    }

    /// Safe to log: a PostgreSQL password is shown as `***`.
    public var description: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let url): url.description
        }
    }
}

/// `postgres://user[:password]@host[:port]/database`, percent-decoded. Its description hides
/// the password, so it can go into logs and error messages.
public struct PostgresURL: Sendable, Equatable, CustomStringConvertible {
    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String

    public init(user: String, password: String?, host: String, port: Int = 5432, database: String) {
        self.user = user
        self.password = password
        self.host = host
        self.port = port
        self.database = database
    }

    /// Why a PostgreSQL URL was refused; the text never contains the password.
    public struct ParseError: Error, Equatable, CustomStringConvertible {
        public let description: String
    }

    static func isPostgres(_ text: String) -> Bool {
        let lowered = text.lowercased()
        return lowered.hasPrefix("postgres://") || lowered.hasPrefix("postgresql://")
    }

    /// Parses a URL; query parameters other than `sslmode=disable` are refused.
    public init(parsing text: String) throws(ParseError) {
        let shape = "expected postgres://user[:password]@host[:port]/database"
        guard Self.isPostgres(text), let schemeEnd = text.range(of: "://") else { throw ParseError(description: shape) }
        var rest = Substring(text[schemeEnd.upperBound...])
        var query: Substring?
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        guard let at = rest.lastIndex(of: "@") else { throw ParseError(description: "the database URL names no user; \(shape)") }
        let credentials = rest[..<at]
        let location = rest[rest.index(after: at)...]
        let userPart = credentials.firstIndex(of: ":").map { credentials[..<$0] } ?? credentials
        let passwordPart = credentials.firstIndex(of: ":").map { credentials[credentials.index(after: $0)...] }
        guard let user = userPart.removingPercentEncoding, !user.isEmpty else {
            throw ParseError(description: "the database URL names no user; \(shape)")
        }
        guard let slash = location.firstIndex(of: "/") else {
            throw ParseError(description: "the database URL names no database; \(shape)")
        }
        let hostPort = location[..<slash]
        guard let database = location[location.index(after: slash)...].removingPercentEncoding, !database.isEmpty,
              !database.contains("/")
        else { throw ParseError(description: "the database URL names no database; \(shape)") }
        var host = Substring(hostPort)
        var port = 5432
        if let colon = hostPort.lastIndex(of: ":"), !hostPort.hasSuffix("]") {
            guard let parsed = Int(hostPort[hostPort.index(after: colon)...]), (1...65_535).contains(parsed) else {
                throw ParseError(description: "the database URL's port must be a number from 1 to 65535")
            }
            port = parsed
            host = hostPort[..<colon]
        }
        if host.hasPrefix("["), host.hasSuffix("]") { host = host.dropFirst().dropLast() }
        guard !host.isEmpty else { throw ParseError(description: "the database URL names no host; \(shape)") }
        for parameter in (query ?? "").split(separator: "&") where parameter != "sslmode=disable" {
            throw ParseError(description: "unsupported database URL parameter '\(parameter.prefix(40))'; only sslmode=disable is supported (TLS to PostgreSQL is not built in)")
        }
        self.init(
            user: user, password: passwordPart.map { $0.removingPercentEncoding ?? String($0) }, host: String(host), port: port,
            database: database)
    }

    /// The URL with the password replaced by `***`.
    public var description: String {
        let encodedUser = user.addingPercentEncoding(withAllowedCharacters: .urlUserAllowed) ?? user
        let hostText = host.contains(":") ? "[\(host)]" : host
        return "postgres://\(encodedUser)\(password == nil ? "" : ":***")@\(hostText):\(port)/\(database)"
    }
}
