import AsyncHTTPClient
import Foundation
import NIOCore
import NIOSSL

/// Turns what async-http-client, SwiftNIO and BoringSSL throw into a `LiveError` an operator
/// can act on: which host, what happened, what to do.
struct DeliveryFailure {
    let url: String
    let host: String
    let timeout: TimeInterval
    let maxResponseBytes: Int
    let trust: TLSTrust

    func liveError(_ error: Error) -> LiveError {
        if let live = error as? LiveError { return live }
        return LiveError(url: url, kind: kind(of: error))
    }

    private func kind(of error: Error) -> LiveError.Kind {
        if error is NIOTooManyBytesError { return .responseTooLarge(limit: maxResponseBytes) }
        if let client = error as? HTTPClientError {
            switch client {
            case .deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout, .tlsHandshakeTimeout,
                 .getConnectionFromPoolTimeout:
                return .timedOut(seconds: timeout)
            case .remoteConnectionClosed:
                return .unreachable("\(host) closed the connection before it answered")
            case .invalidURL, .emptyHost, .emptyScheme:
                return .invalidRequest("not a valid URL")
            default:
                return .unreachable(String(describing: client))
            }
        }
        if let tls = error as? NIOSSLExtraError, String(describing: tls).lowercased().contains("hostname") {
            return .tls("the certificate of \(host) is not valid for that name")
        }
        let text = String(describing: error)
        if error is NIOSSLError || text.contains("SSL") {
            if text.contains("CERTIFICATE_VERIFY_FAILED") {
                let advice = trust.caFile.map { "it is not signed by an authority in --ca-file \($0)" }
                    ?? "if a private CA signed it, pass that CA with --ca-file PATH"
                return .tls("the certificate of \(host) is not trusted (\(advice))")
            }
            if text.contains("WRONG_VERSION_NUMBER") || text.contains("PACKET_LENGTH_TOO_LONG") {
                return .tls("\(host) did not answer with TLS (is it serving plain http?)")
            }
            return .tls("the TLS handshake with \(host) failed: \(text)")
        }
        if text.contains("Connection refused") || text.contains("ECONNREFUSED") {
            return .unreachable("connection to \(host) refused (is the server running?)")
        }
        if text.contains("NXDOMAIN") || text.contains("resolve") || text.contains("getaddrinfo") {
            return .unreachable("unknown host \(host)")
        }
        return .unreachable("\(host): \(text)")
    }
}
