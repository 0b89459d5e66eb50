import ChatModel
import Foundation
import Hummingbird

/// Reads the fields of a JSON object body, collecting every problem as a FastAPI 422 issue.
struct BodyReader {
    /// A field that may be absent, explicitly null, or set.
    enum Field<Value> {
        case absent
        case null
        case value(Value)

        /// nil when absent, `.some(nil)` when null: the shape `ConversationPatch` wants.
        var patch: Value?? {
            switch self {
            case .absent: nil
            case .null: .some(nil)
            case .value(let value): .some(value)
            }
        }
    }

    private let fields: [String: JSONValue]
    private var issues: [ValidationIssue] = []

    /// Parses the body as a JSON object; anything else is a 422 like FastAPI's.
    init(_ body: ByteBuffer) throws(APIError) {
        guard body.readableBytes > 0 else { throw .validation([.missing(["body"])]) }
        guard let value = try? ChatJSON.decode(JSONValue.self, from: Data(body.readableBytesView)) else {
            throw .validation([.init(loc: ["body", .index(0)], msg: "JSON decode error", type: "json_invalid")])
        }
        guard case .object(let fields) = value else {
            throw .validation([
                .init(
                    loc: ["body"], msg: "Input should be a valid dictionary or object to extract fields from",
                    type: "model_attributes_type", input: value)
            ])
        }
        self.fields = fields
    }

    mutating func field<Value>(_ key: String, _ parser: FieldParser<Value>) -> Field<Value> {
        switch fields[key] {
        case nil: return .absent
        case .null?: return .null
        case let value?:
            switch parser.parse(value) {
            case .success(let parsed): return .value(parsed)
            case .failure(let box):
                issues.append(.init(loc: ["body", .key(key)], msg: box.problem.msg, type: box.problem.type, input: value))
                return .absent
            }
        }
    }

    /// A field that must be present and non-null.
    mutating func required<Value>(_ key: String, _ parser: FieldParser<Value>) -> Value? {
        switch field(key, parser) {
        case .value(let value): return value
        case .null:
            issues.append(.missing(["body", .key(key)]))
            return nil
        case .absent:
            if fields[key] == nil { issues.append(.missing(["body", .key(key)])) }
            return nil
        }
    }

    /// A field where absent and null both mean "not given".
    mutating func optional<Value>(_ key: String, _ parser: FieldParser<Value>) -> Value? {
        if case .value(let value) = field(key, parser) { return value }
        return nil
    }

    /// Records a rule violation found after parsing (`value_error`, like a pydantic validator).
    mutating func refuse(_ key: String, _ message: String, input: JSONValue? = nil) {
        issues.append(.init(loc: ["body", .key(key)], msg: "Value error, \(message)", type: "value_error", input: input))
    }

    /// Throws the collected issues, if any.
    func finish() throws(APIError) {
        if !issues.isEmpty { throw .validation(issues) }
    }
}
