import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real HTTP receiver on 127.0.0.1 for webhook deliveries: it records each POST (its
/// `Idempotency-Key` header and body) before answering, and can hold its answers so a test
/// can kill the sender after the request arrived but before it heard back.
public final class TestWebhookReceiver: @unchecked Sendable {
    public struct Request: Sendable {
        public let path: String
        public let idempotencyKey: String?
        public let body: String
    }

    public let port: Int
    public var url: String { "http://127.0.0.1:\(port)/hook" }
    private let listener: Int32
    private let lock = NSLock()
    private var received: [Request] = []
    private var holding = false
    private var status = 200

    public init() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        guard listener >= 0 else { throw ServerError.failedToStart("webhook receiver: socket() failed") }
        var yes: Int32 = 1
        setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(listener, 64) == 0 else { throw ServerError.failedToStart("webhook receiver: bind/listen failed") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        let thread = Thread { [weak self] in self?.acceptLoop() }
        thread.start()
    }

    /// Every request received so far, in order.
    public var requests: [Request] { lock.withLock { received } }

    /// While held, requests are recorded but not answered (the connection stays open).
    public func hold(_ on: Bool) { lock.withLock { holding = on } }

    /// The status later answers carry.
    public func answer(_ code: Int) { lock.withLock { status = code } }

    public func stop() { shutdown(listener, Int32(SHUT_RDWR)); close(listener) }

    private func acceptLoop() {
        while true {
            let connection = accept(listener, nil, nil)
            if connection < 0 { return }
            Thread { [weak self] in self?.serve(connection) }.start()
        }
    }

    private func serve(_ connection: Int32) {
        defer { close(connection) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            if let request = Self.parse(data) {
                lock.withLock { received.append(request) }
                while lock.withLock({ holding }) { usleep(20_000) }
                let code = lock.withLock { status }
                let answer = "HTTP/1.1 \(code) OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                _ = answer.withCString { send(connection, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
                return
            }
            let count = recv(connection, &buffer, buffer.count, 0)
            if count <= 0 { return }
            data.append(contentsOf: buffer[0..<count])
        }
    }

    /// A complete request (head and Content-Length body), or nil while more is to come.
    static func parse(_ data: Data) -> Request? {
        guard let end = data.range(of: Data("\r\n\r\n".utf8)) else { return nil }
        let head = String(decoding: data[data.startIndex..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        var headers: [String: String] = [:]
        for line in head.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        guard data.count - end.upperBound >= length else { return nil }
        let body = String(decoding: data[end.upperBound..<(end.upperBound + length)], as: UTF8.self)
        let path = head.first?.split(separator: " ").dropFirst().first.map(String.init) ?? ""
        return Request(path: path, idempotencyKey: headers["idempotency-key"], body: body)
    }
}
