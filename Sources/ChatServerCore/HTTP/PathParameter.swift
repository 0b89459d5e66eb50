import Foundation
import Hummingbird

/// Path parameters, refused with a FastAPI 422 when malformed.
enum PathParameter {
    static func uuid(_ name: String, in context: APIRequestContext) throws(APIError) -> UUID {
        let text = context.parameters.get(name) ?? ""
        guard let id = UUID(uuidString: text) else {
            throw .validation([.invalidUUID(["path", .key(name)], .string(text))])
        }
        return id
    }
}
