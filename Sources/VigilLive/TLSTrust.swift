import Foundation
import NIOSSL

/// Which certificate authorities an HTTPS connection trusts: the system's, or only the ones
/// in a PEM file (`--ca-file`), as curl's `--cacert` and Prometheus's `ca_file` do.
///
/// There is deliberately no way to switch verification off: a receiver with a private CA is
/// reached by naming that CA, never by trusting whoever answers.
public struct TLSTrust: Sendable, Equatable {
    /// The file the authorities were read from; nil for the system's trust store.
    public let caFile: String?
    let certificates: [NIOSSLCertificate]

    /// The operating system's trust store.
    public static let system = TLSTrust(caFile: nil, certificates: [])

    private init(caFile: String?, certificates: [NIOSSLCertificate]) {
        self.caFile = caFile
        self.certificates = certificates
    }

    /// Reads every certificate in a PEM file; a missing, unreadable or empty file is an error
    /// now rather than a handshake failure later.
    public init(caFile path: String) throws {
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw TLSTrustError(path: path, reason: FileManager.default.fileExists(atPath: path) ? "the file is not readable" : "no such file")
        }
        let certificates: [NIOSSLCertificate]
        do {
            certificates = try NIOSSLCertificate.fromPEMFile(path)
        } catch {
            throw TLSTrustError(path: path, reason: "not a PEM certificate bundle (\(error))")
        }
        guard !certificates.isEmpty else {
            throw TLSTrustError(path: path, reason: "no `-----BEGIN CERTIFICATE-----` block in it")
        }
        self.init(caFile: path, certificates: certificates)
    }

    /// The client TLS settings: full verification of the chain and of the host name, TLS 1.2 or later.
    var clientConfiguration: TLSConfiguration {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        configuration.certificateVerification = .fullVerification
        if !certificates.isEmpty { configuration.trustRoots = .certificates(certificates) }
        return configuration
    }
}

/// A `--ca-file` that cannot be used, naming the file and why.
public struct TLSTrustError: Error, Equatable, CustomStringConvertible {
    public let path: String
    public let reason: String

    public var description: String { "cannot use CA file \(path): \(reason)" }
}
