import ChatModel
import Foundation
import Hummingbird

/// Path parameters, refused with a FastAPI 422 when malformed.
enum PathParameter {
    /// A UUID path parameter as the id of a `Subject`.
    static func id<Subject>(_ name: String, in context: APIRequestContext) throws(APIError) -> Identifier<Subject> {
        let text = context.parameters.get(name) ?? ""
        guard let id = UUID(uuidString: text) else {
            throw .validation([.invalidUUID(["path", .key(name)], .string(text))])
        }
        return Identifier(id)
    }
}
