import Foundation

/// The one way actions reach the network: POST a body, answer the HTTP status.
/// VigilLive implements it; a TLS-capable client replaces that implementation without
/// touching the actions layer.
public protocol HTTPPoster: Sendable {
    func post(url: String, headers: [(String, String)], body: Data) async throws -> Int
}
