import Foundation

/// The one way actions reach the network: POST a body, answer the HTTP status.
/// `DeliveryHTTPClient` (VigilLive: async-http-client, http and https, `--ca-file`) is its
/// one implementation; the actions layer knows only this protocol.
public protocol HTTPPoster: Sendable {
    func post(url: String, headers: [(String, String)], body: Data) async throws -> Int
}
