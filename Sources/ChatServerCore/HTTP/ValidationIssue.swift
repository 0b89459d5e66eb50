import ChatModel

/// One entry of a FastAPI 422 body: `{"loc": ["query", "limit"], "msg": "...", "type": "..."}`.
struct ValidationIssue: Encodable, Sendable, Equatable {
    /// A `loc` element: a field name or an array index.
    enum Location: Encodable, Sendable, Equatable, ExpressibleByStringLiteral {
        case key(String)
        case index(Int)

        init(stringLiteral value: String) {
            self = .key(value)
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .key(let key): try c.encode(key)
            case .index(let index): try c.encode(index)
            }
        }
    }

    var loc: [Location]
    var msg: String
    var type: String
    var input: JSONValue?

    static func missing(_ loc: [Location]) -> Self {
        .init(loc: loc, msg: "Field required", type: "missing")
    }

    static func invalidUUID(_ loc: [Location], _ input: JSONValue) -> Self {
        .init(loc: loc, msg: "Input should be a valid UUID", type: "uuid_parsing", input: input)
    }

    static func invalidEnum<E: WireEnum>(_ loc: [Location], _ type: E.Type, _ input: JSONValue) -> Self {
        let values = E.allCases.map { "'\($0.rawValue)'" }
        let list = values.count > 1 ? values.dropLast().joined(separator: ", ") + " or " + values.last! : values.joined()
        return .init(loc: loc, msg: "Input should be \(list)", type: "enum", input: input)
    }
}
