import ChatModel
import Foundation
import Hummingbird

/// Reads query parameters (form-decoded: `+` is a space), collecting FastAPI 422 issues.
struct QueryReader {
    private let values: [String: String]
    private var issues: [ValidationIssue] = []

    init(_ request: Request) {
        var values: [String: String] = [:]
        for pair in (request.uri.query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (text: Substring) in
                let spaced = text.replacingOccurrences(of: "+", with: " ")
                return spaced.removingPercentEncoding ?? spaced
            }
            let key = decode(parts[0])
            if values[key] == nil {
                values[key] = parts.count > 1 ? decode(parts[1]) : ""
            }
        }
        self.values = values
    }

    /// A parameter parsed with `parser`; nil when absent or empty (or refused).
    mutating func optional<Value>(_ key: String, _ parser: FieldParser<Value>) -> Value? {
        guard let text = values[key], !text.isEmpty else { return nil }
        return parse(key, text, parser)
    }

    mutating func required<Value>(_ key: String, _ parser: FieldParser<Value>) -> Value? {
        guard let text = values[key] else {
            issues.append(.missing(["query", .key(key)]))
            return nil
        }
        return parse(key, text, parser)
    }

    private mutating func parse<Value>(_ key: String, _ text: String, _ parser: FieldParser<Value>) -> Value? {
        switch parser.parse(.string(text)) {
        case .success(let value): return value
        case .failure(let box):
            issues.append(.init(loc: ["query", .key(key)], msg: box.problem.msg, type: box.problem.type, input: .string(text)))
            return nil
        }
    }

    /// An integer in `range`, `defaultValue` when absent.
    mutating func integer(_ key: String, default defaultValue: Int, in range: ClosedRange<Int>) -> Int {
        guard let text = values[key] else { return defaultValue }
        let loc: [ValidationIssue.Location] = ["query", .key(key)]
        guard let value = Int(text) else {
            issues.append(.init(
                loc: loc, msg: "Input should be a valid integer, unable to parse string as an integer",
                type: "int_parsing", input: .string(text)))
            return defaultValue
        }
        if value < range.lowerBound {
            issues.append(.init(
                loc: loc, msg: "Input should be greater than or equal to \(range.lowerBound)", type: "greater_than_equal",
                input: .string(text)))
            return defaultValue
        }
        if value > range.upperBound {
            issues.append(.init(
                loc: loc, msg: "Input should be less than or equal to \(range.upperBound)", type: "less_than_equal",
                input: .string(text)))
            return defaultValue
        }
        return value
    }

    func finish() throws(APIError) {
        if !issues.isEmpty { throw .validation(issues) }
    }
}
