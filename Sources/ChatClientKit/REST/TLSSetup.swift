import Foundation
import NIOSSL

/// TLS settings shared by the REST and WebSocket transports: full certificate and host
/// verification always, with an optional extra CA file for private deployments.
enum TLSSetup {
    static func configuration(caFile: String?) throws(ChatError) -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.certificateVerification = .fullVerification
        if let caFile {
            guard FileManager.default.isReadableFile(atPath: caFile) else {
                throw .usage("cannot read the CA file \(caFile)")
            }
            do {
                let certificates = try NIOSSLCertificate.fromPEMFile(caFile)
                guard !certificates.isEmpty else { throw ChatError.usage("no certificate in \(caFile)") }
                tls.additionalTrustRoots = [.certificates(certificates)]
            } catch let error as ChatError {
                throw error
            } catch {
                throw .usage("the CA file \(caFile) holds no PEM certificate (\(error))")
            }
        }
        return tls
    }
}
