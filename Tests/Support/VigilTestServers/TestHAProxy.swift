import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A real HAProxy on 127.0.0.1 in front of two backends (`v1` at weight 100, `v2` at 0, round
/// robin), with its runtime API on an admin stats socket over TCP and its Prometheus exporter
/// (PROMEX) on a frontend of its own at `/metrics`.
public final class TestHAProxy {
    public let process: ServerProcess
    public let directory: URL
    /// Where requests go (`frontend shop`), the runtime API, and the exporter's host:port.
    public let frontendPort: Int
    public let adminPort: Int
    public var metricsTarget: String { "127.0.0.1:\(process.port)" }
    public var adminAddress: String { "127.0.0.1:\(adminPort)" }

    private init(process: ServerProcess, directory: URL, frontendPort: Int, adminPort: Int) {
        self.process = process
        self.directory = directory
        self.frontendPort = frontendPort
        self.adminPort = adminPort
    }

    /// Starts HAProxy with backend `checkout` of servers `v1` and `v2` at those ports.
    public static func start(stablePort: Int, candidatePort: Int) async throws -> TestHAProxy {
        let haproxy = try ServerProcess.locate("haproxy", in: ["/usr/sbin"])
        let directory = try TemporaryDirectory.make("vigil-haproxy")
        let (frontendPort, adminPort) = (try FreePort.find(), try FreePort.find())
        let config = directory.appendingPathComponent("haproxy.cfg")
        let process = try await ServerProcess.start(
            name: "haproxy", executable: haproxy, directory: directory, readyPath: "/metrics"
        ) { metricsPort in
            let text = """
                global
                  stats socket ipv4@127.0.0.1:\(adminPort) level admin
                defaults
                  mode http
                  timeout connect 2s
                  timeout client 10s
                  timeout server 10s
                frontend shop
                  bind 127.0.0.1:\(frontendPort)
                  default_backend checkout
                frontend metrics
                  bind 127.0.0.1:\(metricsPort)
                  http-request use-service prometheus-exporter if { path /metrics }
                backend checkout
                  balance roundrobin
                  server v1 127.0.0.1:\(stablePort) weight 100
                  server v2 127.0.0.1:\(candidatePort) weight 0

                """
            try? text.write(to: config, atomically: true, encoding: .utf8)
            return ["-db", "-f", config.path]
        }
        return TestHAProxy(process: process, directory: directory, frontendPort: frontendPort, adminPort: adminPort)
    }

    /// `get weight checkout/SERVER` over the runtime API, read by the test itself.
    public func weight(_ server: String) throws -> Int {
        let answer = try RawTCP.exchange(port: adminPort, "get weight checkout/\(server)\n")
        guard let first = answer.split(separator: " ").first, let weight = Int(first) else {
            throw ServerError.failedToStart("HAProxy answered `get weight checkout/\(server)` with \(answer)")
        }
        return weight
    }

    public func stop() {
        process.stop()
        try? FileManager.default.removeItem(at: directory)
    }
}

/// Sends steady GET requests to a port from a thread of its own until stopped, as users would.
public final class LoadGenerator: @unchecked Sendable {
    private let lock = NSLock()
    private var running = true
    private var statuses: [Int: Int] = [:]

    public init(port: Int, perSecond: Double) {
        let pause = 1 / perSecond
        Thread { [self] in
            while lock.withLock({ running }) {
                let answer = (try? RawTCP.exchange(port: port, "GET / HTTP/1.1\r\nHost: shop\r\nConnection: close\r\n\r\n")) ?? ""
                let status = answer.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
                lock.withLock { statuses[status, default: 0] += 1 }
                Thread.sleep(forTimeInterval: pause)
            }
        }.start()
    }

    /// Answers by HTTP status so far (0: no answer).
    public var answers: [Int: Int] { lock.withLock { statuses } }

    public func stop() { lock.withLock { running = false } }
}

/// One plain TCP exchange with 127.0.0.1: send, read until the server closes, 5 s at most.
enum RawTCP {
    static func exchange(port: Int, _ text: String) throws -> String {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServerError.failedToStart("socket() failed: errno \(errno)") }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        guard connected else { throw ServerError.failedToStart("cannot connect to 127.0.0.1:\(port): errno \(errno)") }
        _ = text.withCString { send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
        var answer = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = recv(fd, &buffer, buffer.count, 0)
            guard count > 0 else { break }
            answer += buffer[0..<count]
        }
        return String(decoding: answer, as: UTF8.self)
    }
}
