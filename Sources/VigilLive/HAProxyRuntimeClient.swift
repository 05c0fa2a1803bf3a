import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// HAProxy's runtime API on an admin stats socket over TCP
/// (`stats socket ipv4@127.0.0.1:9999 level admin`): one command line per connection, as
/// in the API's non-interactive mode, where HAProxy answers and closes; each exchange has
/// one deadline. Answers are validated: `get weight` must read `N (initial M)`, and a
/// `set weight` that HAProxy refuses ("No such server.") is an error carrying its words.
public struct HAProxyRuntimeClient: Sendable {
    public let host: String
    public let port: Int
    /// Seconds one exchange (connect, send, read to the end) may take.
    public let timeout: TimeInterval
    /// `127.0.0.1:9999`, `[::1]:9999`.
    public var address: String { "\(host.contains(":") ? "[\(host)]" : host):\(port)" }
    /// What errors name: `127.0.0.1:9999 (HAProxy runtime API)`.
    public var endpoint: String { "\(address) (HAProxy runtime API)" }

    /// A few lines answer every command used here; more means this is not the runtime API.
    static let maxAnswerBytes = 64 << 10
    /// HAProxy's own bounds on an absolute weight.
    public static let weights = 0...256

    /// A server's weight as HAProxy reports it: now, and as configured.
    public struct Weight: Equatable, Sendable {
        public let current: Int
        public let initial: Int

        public init(current: Int, initial: Int) {
            self.current = current
            self.initial = initial
        }
    }

    /// `address` is `host:port` (`[::1]:9999` for IPv6).
    public init(address: String, timeout: TimeInterval = 5) throws {
        func refuse(_ why: String) -> LiveError { LiveError(url: address, kind: .invalidRequest(why)) }
        guard let colon = address.lastIndex(of: ":") else { throw refuse("the runtime API address needs a port: host:port such as 127.0.0.1:9999") }
        var host = String(address[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw refuse("the runtime API address needs a host, such as 127.0.0.1:9999") }
        guard let port = Int(address[address.index(after: colon)...]), (1...65_535).contains(port) else {
            throw refuse("the runtime API port must be a number from 1 to 65535")
        }
        guard timeout > 0, timeout.isFinite else { throw refuse("timeout must be a positive number of seconds") }
        self.host = host
        self.port = port
        self.timeout = timeout
    }

    /// `get weight BACKEND/SERVER`.
    public func weight(backend: String, server: String) throws -> Weight {
        let answer = try command("get weight \(try Self.name(backend))/\(try Self.name(server))")
        let text = answer.trimmingCharacters(in: .whitespacesAndNewlines)
        // "10 (initial 1)"
        let parts = text.split(separator: " ")
        guard parts.count == 3, let current = Int(parts[0]), parts[1] == "(initial", parts[2].hasSuffix(")"),
              let initial = Int(parts[2].dropLast()) else {
            if Self.isRefusal(text) { throw LiveError(url: endpoint, kind: .commandRefused("get weight \(backend)/\(server): \(text)")) }
            throw LiveError(url: endpoint, kind: .malformedResponse("`get weight` answered \(Self.quote(text)), expected `N (initial M)`"))
        }
        return Weight(current: current, initial: initial)
    }

    /// Sets the weights of servers of one backend in a single command line
    /// (`set weight b/v2 10; set weight b/v1 90`), which HAProxy runs in order without
    /// serving a request in between. Success answers nothing but blank lines.
    public func setWeights(backend: String, _ weights: [(server: String, weight: Int)]) throws {
        let backend = try Self.name(backend)
        var commands: [String] = []
        for (server, weight) in weights {
            guard Self.weights.contains(weight) else {
                throw LiveError(url: endpoint, kind: .invalidRequest("an HAProxy weight is 0 to 256, not \(weight)"))
            }
            commands.append("set weight \(backend)/\(try Self.name(server)) \(weight)")
        }
        let line = commands.joined(separator: "; ")
        let answer = try command(line).trimmingCharacters(in: .whitespacesAndNewlines)
        guard answer.isEmpty else { throw LiveError(url: endpoint, kind: .commandRefused("\(line): \(answer)")) }
    }

    /// Sends one command line and reads the answer until HAProxy closes the connection.
    func command(_ line: String) throws -> String {
        let deadline = HTTPConnection.Deadline(seconds: timeout)
        let socket = try HTTPConnection.connect(host: host, port: port, deadline: deadline, url: endpoint, timeout: timeout)
        defer { close(socket) }
        try HTTPConnection.send(Data((line + "\n").utf8), on: socket, deadline: deadline, url: endpoint, timeout: timeout)
        let raw = try HTTPConnection.receiveAll(from: socket, deadline: deadline, url: endpoint, timeout: timeout,
                                                maxBytes: Self.maxAnswerBytes)
        guard let text = String(data: raw, encoding: .utf8) else {
            throw LiveError(url: endpoint, kind: .malformedResponse("the answer to `\(line)` is not UTF-8 text"))
        }
        return text
    }

    /// A backend or server name as HAProxy accepts it; anything that could end the command
    /// or start another (`;`, spaces, line breaks, `/`) is refused before it is sent.
    static func name(_ text: String) throws -> String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_.:#"))
        guard !text.isEmpty, text.unicodeScalars.allSatisfy({ allowed.contains($0) && $0.isASCII }) else {
            throw LiveError(url: "HAProxy runtime API", kind: .invalidRequest(
                "\(quote(text)) is not an HAProxy backend or server name (letters, digits, - _ . : #)"))
        }
        return text
    }

    /// HAProxy's refusals are one sentence ("No such server.", "Permission denied").
    static func isRefusal(_ text: String) -> Bool { !text.isEmpty && text.first?.isLetter == true }

    static func quote(_ text: String) -> String { text.isEmpty ? "nothing" : "\"\(text.prefix(200))\"" }
}
