import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One request as a local test server received it.
public struct ReceivedRequest: Sendable {
    public let requestLine: String
    /// Header names lowercased.
    public let headers: [String: String]
    public let body: Data
}

/// A tiny HTTP/1.1 server on 127.0.0.1 whose answers a test decides: one connection per
/// request (`Connection: close`), each served on its own queue.
public final class LocalHTTPServer: @unchecked Sendable {
    public let port: Int
    private let listener: Int32
    private let handler: @Sendable (ReceivedRequest, Int) -> (status: String, body: String)
    private let lock = NSLock()
    private var received: [ReceivedRequest] = []

    /// `handler` gets each request and its number from 1, and returns the status line's
    /// code and reason (`200 OK`) and the body.
    public init(_ handler: @escaping @Sendable (ReceivedRequest, Int) -> (status: String, body: String)) throws {
        self.handler = handler
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServerError.failedToStart("socket() failed: errno \(errno)") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0
            }
        }
        guard bound, listen(fd, 128) == 0 else {
            close(fd)
            throw ServerError.failedToStart("cannot listen on 127.0.0.1: errno \(errno)")
        }
        listener = fd
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread { [self] in acceptLoop() }.start()
    }

    public var url: String { "http://127.0.0.1:\(port)" }

    /// Every request so far, oldest first.
    public var requests: [ReceivedRequest] { lock.withLock { received } }

    public func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            if client < 0 {
                if errno == EINTR { continue }
                return  // closed by stop()
            }
            DispatchQueue.global().async { [self] in serve(client) }
        }
    }

    private func serve(_ client: Int32) {
        defer { close(client) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard let request = Self.read(client) else { return }
        let number = lock.withLock { () -> Int in received.append(request); return received.count }
        let (status, body) = handler(request, number)
        let answer = "HTTP/1.1 \(status)\r\nContent-Type: text/plain\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)"
        _ = answer.withCString { send(client, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
    }

    /// The head up to the blank line, then `Content-Length` bytes of body.
    private static func read(_ client: Int32) -> ReceivedRequest? {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 4096)
        let separator = Data([13, 10, 13, 10])
        var headEnd: Range<Data.Index>?
        var bodyLength = 0
        while true {
            if headEnd == nil, let found = data.range(of: separator) {
                headEnd = found
                let head = String(decoding: data[..<found.lowerBound], as: UTF8.self)
                for line in head.split(separator: "\r\n").dropFirst() where line.lowercased().hasPrefix("content-length:") {
                    bodyLength = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) ?? 0
                }
            }
            if let end = headEnd, data.count - end.upperBound >= bodyLength { break }
            let count = recv(client, &buffer, buffer.count, 0)
            guard count > 0 else { return nil }
            data.append(contentsOf: buffer[0..<count])
        }
        guard let end = headEnd else { return nil }
        let lines = String(decoding: data[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        return ReceivedRequest(requestLine: lines[0], headers: headers, body: data[end.upperBound...].prefix(bodyLength))
    }
}

/// One version of a service behind HAProxy: every request answered `200 <name>`, except that
/// with `failEvery: 20` every 20th gets a 500 (exactly 5% errors, so an outcome never hangs
/// on luck).
public final class TestBackend: @unchecked Sendable {
    public let name: String
    private let server: LocalHTTPServer

    public init(name: String, failEvery: Int? = nil) throws {
        self.name = name
        server = try LocalHTTPServer { _, number in
            let fails = failEvery.map { number % $0 == 0 } ?? false
            return fails ? ("500 Internal Server Error", "\(name) failed\n") : ("200 OK", "\(name)\n")
        }
    }

    public var port: Int { server.port }
    /// Requests answered so far, errors included.
    public var requests: Int { server.requests.count }

    public func stop() { server.stop() }
}
