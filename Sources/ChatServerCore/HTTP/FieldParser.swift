import ChatModel
import Foundation

/// Turns one JSON value (from a body field or a query parameter) into a typed value or a 422 issue.
struct FieldParser<Value>: Sendable {
    /// The issue's `type` and `msg` when the value is refused.
    typealias Problem = (type: String, msg: String)

    let parse: @Sendable (JSONValue) -> Result<Value, ProblemBox>

    /// Wraps a refusal so it can travel in a `Result`.
    struct ProblemBox: Error {
        let problem: Problem
    }
}

extension FieldParser where Value == String {
    static let string = FieldParser { value in
        guard case .string(let text) = value else {
            return .failure(.init(problem: ("string_type", "Input should be a valid string")))
        }
        return .success(text)
    }
}

extension FieldParser where Value == UUID {
    static let uuid = FieldParser { value in
        guard case .string(let text) = value, let id = UUID(uuidString: text) else {
            return .failure(.init(problem: ("uuid_parsing", "Input should be a valid UUID")))
        }
        return .success(id)
    }
}

extension FieldParser {
    /// A UUID used as the id of a `Subject` (the `conversations` dialect's ids are UUIDs).
    static func id<Subject>(of subject: Subject.Type) -> FieldParser<Identifier<Subject>> {
        FieldParser<Identifier<Subject>> { value in
            FieldParser<UUID>.uuid.parse(value).map { Identifier($0) }.mapError { .init(problem: $0.problem) }
        }
    }
}

extension FieldParser where Value == [String] {
    static let strings = FieldParser { value in
        guard case .array(let items) = value else {
            return .failure(.init(problem: ("list_type", "Input should be a valid list")))
        }
        var strings: [String] = []
        for item in items {
            guard case .string(let text) = item else {
                return .failure(.init(problem: ("string_type", "Input should be a list of strings")))
            }
            strings.append(text)
        }
        return .success(strings)
    }
}

extension FieldParser where Value == [String: JSONValue] {
    static let object = FieldParser { value in
        guard case .object(let fields) = value else {
            return .failure(.init(problem: ("dict_type", "Input should be a valid dictionary")))
        }
        return .success(fields)
    }
}

extension FieldParser where Value: WireEnum {
    static var wireEnum: FieldParser {
        FieldParser { value in
            guard case .string(let text) = value, let parsed = Value(rawValue: text) else {
                let issue = ValidationIssue.invalidEnum([], Value.self, value)
                return .failure(.init(problem: (issue.type, issue.msg)))
            }
            return .success(parsed)
        }
    }
}
