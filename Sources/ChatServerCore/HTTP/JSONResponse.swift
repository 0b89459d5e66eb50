import ChatModel
import Hummingbird

/// JSON responses written with the chat wire conventions (`ChatJSON`).
enum JSONResponse {
    static func make(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        do {
            let data = try ChatJSON.encode(value)
            return Response(
                status: status, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(bytes: data)))
        } catch {
            return Response(
                status: .internalServerError, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: #"{"detail":"Response could not be encoded"}"#)))
        }
    }
}
