import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One HTTP/1.1 exchange over a plain TCP socket: connect, send the request with
/// `Connection: close`, read the answer to the end, all within one deadline.
///
/// Vigil talks to Prometheus and Alertmanager over their plain-HTTP APIs. A socket client
/// of its own, rather than Foundation's URLSession, keeps libcurl and its dozens of
/// dependent libraries out of the `vigil` executable: loading them added about 7 ms to
/// every start-up, `vigil check` included, whether or not a server was ever contacted.
enum HTTPConnection {
    /// A request ready to send.
    struct Request {
        let method: String
        let url: URL
        var headers: [(String, String)] = []
        var body = Data()
    }

    /// Sends `request` and returns the answer; throws `LiveError` naming the URL.
    static func exchange(_ request: Request, timeout: TimeInterval, maxBytes: Int) throws -> HTTPAnswer {
        let urlText = URLRedaction.masked(request.url.absoluteString)
        guard let components = URLComponents(url: request.url, resolvingAgainstBaseURL: false),
              components.scheme?.lowercased() == "http", let host = components.host, !host.isEmpty else {
            throw LiveError(url: urlText, kind: .invalidRequest("only http:// URLs are supported"))
        }
        let port = components.port ?? 80
        var target = components.percentEncodedPath.isEmpty ? "/" : components.percentEncodedPath
        if let query = components.percentEncodedQuery { target += "?" + query }
        let deadline = Deadline(seconds: timeout)
        let socket = try connect(host: host, port: port, deadline: deadline, url: urlText, timeout: timeout)
        defer { close(socket) }

        var head = "\(request.method) \(target) HTTP/1.1\r\nHost: \(host):\(port)\r\nUser-Agent: vigil\r\nConnection: close\r\n"
        for (name, value) in request.headers { head += "\(name): \(value)\r\n" }
        if let authorization = URLRedaction.basicAuthorization(components) { head += "Authorization: \(authorization)\r\n" }
        head += "Content-Length: \(request.body.count)\r\n\r\n"
        try send(Data(head.utf8) + request.body, on: socket, deadline: deadline, url: urlText, timeout: timeout)
        let raw = try receiveAll(from: socket, deadline: deadline, url: urlText, timeout: timeout, maxBytes: maxBytes)
        return try HTTPResponseParser.parse(raw, url: urlText)
    }

    /// The time left before one exchange must have finished.
    struct Deadline {
        let end: Double

        init(seconds: TimeInterval) { end = Self.now() + seconds }

        /// Milliseconds left, at least 0, for `poll`.
        var remainingMilliseconds: Int32 { Int32(clamping: Int(max(0, (end - Self.now()) * 1000).rounded(.up))) }
        var hasPassed: Bool { Self.now() >= end }
        var secondsLeft: Double { end - Self.now() }

        private static func now() -> Double {
            var ts = timespec()
            clock_gettime(CLOCK_MONOTONIC, &ts)
            return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
        }
    }

    /// A connected, non-blocking socket to one of the host's addresses (also HAProxy's runtime API).
    static func connect(host: String, port: Int, deadline: Deadline, url: String, timeout: TimeInterval) throws -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else {
            throw LiveError(url: url, kind: .unreachable("unknown host"))
        }
        defer { freeaddrinfo(list) }
        var lastError: Int32 = ECONNREFUSED
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let address = entry {
            entry = address.pointee.ai_next
            let fd = socket(address.pointee.ai_family, address.pointee.ai_socktype, address.pointee.ai_protocol)
            guard fd >= 0 else { lastError = errno; continue }
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            if Glibc.connect(fd, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 { return fd }
            if errno == EINPROGRESS {
                var ready = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
                let polled = poll(&ready, 1, deadline.remainingMilliseconds)
                if polled == 0 {
                    close(fd)
                    throw LiveError(url: url, kind: .timedOut(seconds: timeout))
                }
                var error: Int32 = 0
                var length = socklen_t(MemoryLayout<Int32>.size)
                getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length)
                if polled > 0 && error == 0 { return fd }
                lastError = error == 0 ? errno : error
            } else {
                lastError = errno
            }
            close(fd)
        }
        let reason = lastError == ECONNREFUSED ? "connection refused (is the server running?)" : String(cString: strerror(lastError))
        throw LiveError(url: url, kind: .unreachable(reason))
    }

    static func send(_ data: Data, on fd: Int32, deadline: Deadline, url: String, timeout: TimeInterval) throws {
        try data.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < bytes.count {
                // MSG_NOSIGNAL: a server that closes early is an error to report, not SIGPIPE.
                let sent = Glibc.send(fd, bytes.baseAddress! + offset, bytes.count - offset, Int32(MSG_NOSIGNAL))
                if sent > 0 { offset += sent; continue }
                if sent < 0 && errno == EINTR { continue }
                guard sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) else {
                    throw LiveError(url: url, kind: .unreachable("the connection was closed before the request was sent"))
                }
                try wait(fd, for: Int16(POLLOUT), deadline: deadline, url: url, timeout: timeout)
            }
        }
    }

    static func receiveAll(from fd: Int32, deadline: Deadline, url: String, timeout: TimeInterval, maxBytes: Int) throws -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                guard count <= maxBytes - data.count else { throw LiveError(url: url, kind: .responseTooLarge(limit: maxBytes)) }
                data.append(contentsOf: buffer[0..<count])
                continue
            }
            if count == 0 { return data }
            if errno == EINTR { continue }
            guard errno == EAGAIN || errno == EWOULDBLOCK else {
                throw LiveError(url: url, kind: .unreachable("the connection was closed before an answer arrived"))
            }
            try wait(fd, for: Int16(POLLIN), deadline: deadline, url: url, timeout: timeout)
        }
    }

    private static func wait(_ fd: Int32, for events: Int16, deadline: Deadline, url: String, timeout: TimeInterval) throws {
        var ready = pollfd(fd: fd, events: events, revents: 0)
        while true {
            if deadline.hasPassed { throw LiveError(url: url, kind: .timedOut(seconds: timeout)) }
            let polled = poll(&ready, 1, deadline.remainingMilliseconds)
            if polled > 0 { return }
            if polled == 0 { throw LiveError(url: url, kind: .timedOut(seconds: timeout)) }
            if errno != EINTR { throw LiveError(url: url, kind: .unreachable(String(cString: strerror(errno)))) }
        }
    }
}
