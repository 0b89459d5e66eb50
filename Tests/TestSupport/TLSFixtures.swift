import Foundation
import NIOSSL

/// A private test CA and a certificate for `localhost` (not 127.0.0.1) that it signed, valid
/// until 2126. The CA's key was thrown away after signing, so nothing else can chain to it.
public enum TLSFixtures {
    /// The CA certificate a client must be given (`--ca-file`) to trust the server.
    public static var caFile: String { path("test-ca.pem") }

    /// A server configuration presenting the `localhost` certificate.
    public static func serverConfiguration() throws -> TLSConfiguration {
        TLSConfiguration.makeServerConfiguration(
            certificateChain: try NIOSSLCertificate.fromPEMFile(path("localhost-cert.pem")).map { .certificate($0) },
            privateKey: .privateKey(try NIOSSLPrivateKey(file: path("localhost-key.pem"), format: .pem)))
    }

    private static func path(_ name: String) -> String {
        Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil)!.path
    }
}
