import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// The one local HTTP server of the tests, on 127.0.0.1 and a free port, over https
/// (swift-nio-ssl, with a `TestCertificates` server certificate) or plain http. It records
/// every request before answering, and answers as the test decides: one reply for all
/// (`reply(with:)`, `answer(_:)`), or a function of the request and its number (a backend
/// behind HAProxy that fails every 20th). `hold(true)` records requests but keeps their
/// answers back, so a test can kill the sender after the request arrived and before it heard
/// back. It stands in for webhook receivers, Alertmanager's place, a Prometheus that answers
/// a fixed matrix, and HAProxy's backends.
public final class TestHTTPReceiver: @unchecked Sendable {
    /// One request as the receiver saw it.
    public struct Request: Sendable {
        public let method: String
        /// The request target: path and query.
        public let uri: String
        public let headers: [(String, String)]
        public let body: Data

        public func header(_ name: String) -> String? {
            headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
        }

        /// The body as text.
        public var text: String { String(decoding: body, as: UTF8.self) }
        /// The `Idempotency-Key` header a delivery carries.
        public var idempotencyKey: String? { header("Idempotency-Key") }
    }

    /// What a request is answered with.
    public struct Reply: Sendable {
        public var status: Int
        public var headers: [(String, String)]
        public var body: String

        public init(status: Int = 200, headers: [(String, String)] = [], body: String = "ok") {
            self.status = status
            self.headers = headers
            self.body = body
        }
    }

    /// Answers a request given its number from 1.
    public typealias Answer = @Sendable (Request, Int) -> Reply

    struct State {
        var requests: [Request] = []
        var reply = Reply()
        var answer: Answer?
        var holding = false
    }

    private let channel: Channel
    private let state: NIOLockedValueBox<State>
    public let port: Int
    public let isTLS: Bool

    public var baseURL: String { "\(isTLS ? "https" : "http")://127.0.0.1:\(port)" }
    /// Every request so far, oldest first.
    public var requests: [Request] { state.withLockedValue { $0.requests } }

    /// Every later request is answered with `reply` (when no `answer` function was given).
    public func reply(with reply: Reply) { state.withLockedValue { $0.reply = reply } }

    /// Later answers carry this status, with an empty body.
    public func answer(_ status: Int) { reply(with: Reply(status: status, body: "")) }

    /// While held, requests are recorded but not answered (the connection stays open).
    public func hold(_ on: Bool) { state.withLockedValue { $0.holding = on } }

    /// Starts listening; `certificates` nil serves plain http, `answer` nil answers every
    /// request with the current `reply` (200 "ok" at first).
    public init(certificates: TestCertificates? = nil, answer: Answer? = nil) throws {
        var initial = State()
        initial.answer = answer
        let state = NIOLockedValueBox(initial)
        let sslContext = try certificates.map { certificates -> NIOSSLContext in
            let chain = try NIOSSLCertificate.fromPEMFile(certificates.serverCertificateFile).map { NIOSSLCertificateSource.certificate($0) }
            let key = try NIOSSLPrivateKey(file: certificates.serverKeyFile, format: .pem)
            return try NIOSSLContext(configuration: .makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key)))
        }
        channel = try ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { child in
                child.eventLoop.makeCompletedFuture {
                    if let sslContext {
                        try child.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: sslContext))
                    }
                    try child.pipeline.syncOperations.configureHTTPServerPipeline()
                    try child.pipeline.syncOperations.addHandler(RecordingHandler(state: state))
                }
            }
            .bind(host: "127.0.0.1", port: 0).wait()
        guard let port = channel.localAddress?.port else { throw ServerError.failedToStart("the receiver has no local port") }
        self.state = state
        self.port = port
        isTLS = certificates != nil
    }

    /// The same, from async code.
    public static func start(certificates: TestCertificates?, answer: Answer? = nil) async throws -> TestHTTPReceiver {
        try TestHTTPReceiver(certificates: certificates, answer: answer)
    }

    public func stop() {
        state.withLockedValue { $0.holding = false }
        try? channel.close().wait()
    }

    /// Collects one request's head and body, records it, and answers (once not held).
    private final class RecordingHandler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        private let state: NIOLockedValueBox<State>
        private var head: HTTPRequestHead?
        private var body = Data()

        init(state: NIOLockedValueBox<State>) { self.state = state }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                body = Data()
            case .body(let buffer):
                body.append(contentsOf: buffer.readableBytesView)
            case .end:
                guard let head else { return }
                self.head = nil
                let request = Request(method: head.method.rawValue, uri: head.uri,
                                      headers: head.headers.map { ($0.name, $0.value) }, body: body)
                let reply = state.withLockedValue { state -> Reply in
                    state.requests.append(request)
                    return state.answer?(request, state.requests.count) ?? state.reply
                }
                respond(context: context, head: head, reply: reply)
            }
        }

        /// Writes the answer, or looks again shortly while the receiver is held.
        private func respond(context: ChannelHandlerContext, head: HTTPRequestHead, reply: Reply) {
            guard context.channel.isActive else { return }
            if state.withLockedValue({ $0.holding }) {
                context.eventLoop.assumeIsolated().scheduleTask(in: .milliseconds(20)) {
                    self.respond(context: context, head: head, reply: reply)
                }
                return
            }
            var headers = HTTPHeaders(reply.headers)
            headers.replaceOrAdd(name: "Content-Length", value: String(reply.body.utf8.count))
            let keepAlive = head.isKeepAlive
            if !keepAlive { headers.replaceOrAdd(name: "Connection", value: "close") }
            let responseHead = HTTPResponseHead(version: head.version, status: .init(statusCode: reply.status), headers: headers)
            context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: reply.body)))), promise: nil)
            let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))
            // A client that asked for `Connection: close` reads to the end of the connection.
            if !keepAlive {
                written.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
            }
        }

        func errorCaught(context: ChannelHandlerContext, error: Error) {
            // A client that refuses the certificate ends the handshake: expected in tests.
            context.close(promise: nil)
        }
    }
}
