import Foundation
import NIOConcurrencyHelpers
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// A webhook receiver on 127.0.0.1, over https (swift-nio-ssl, with a `TestCertificates`
/// server certificate) or plain http: it records every request and answers each with the
/// status, headers and body the test sets.
public final class TestHTTPReceiver: @unchecked Sendable {
    /// One request as the receiver saw it.
    public struct Request: Sendable {
        public let method: String
        public let uri: String
        public let headers: [(String, String)]
        public let body: Data

        public func header(_ name: String) -> String? {
            headers.first { $0.0.caseInsensitiveCompare(name) == .orderedSame }?.1
        }
    }

    /// What every request is answered with.
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

    private let channel: Channel
    private let state: NIOLockedValueBox<(requests: [Request], reply: Reply)>
    public let port: Int
    public let isTLS: Bool

    public var baseURL: String { "\(isTLS ? "https" : "http")://127.0.0.1:\(port)" }
    public var requests: [Request] { state.withLockedValue { $0.requests } }

    public func reply(with reply: Reply) { state.withLockedValue { $0.reply = reply } }

    /// Starts listening on a free port; `certificates` nil serves plain http.
    public static func start(certificates: TestCertificates?) async throws -> TestHTTPReceiver {
        let state = NIOLockedValueBox<(requests: [Request], reply: Reply)>(([], Reply()))
        let sslContext = try certificates.map { certificates -> NIOSSLContext in
            let chain = try NIOSSLCertificate.fromPEMFile(certificates.serverCertificateFile).map { NIOSSLCertificateSource.certificate($0) }
            let key = try NIOSSLPrivateKey(file: certificates.serverKeyFile, format: .pem)
            return try NIOSSLContext(configuration: .makeServerConfiguration(certificateChain: chain, privateKey: .privateKey(key)))
        }
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
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
            .bind(host: "127.0.0.1", port: 0).get()
        guard let port = channel.localAddress?.port else { throw ServerError.failedToStart("the receiver has no local port") }
        return TestHTTPReceiver(channel: channel, state: state, port: port, isTLS: certificates != nil)
    }

    private init(channel: Channel, state: NIOLockedValueBox<(requests: [Request], reply: Reply)>, port: Int, isTLS: Bool) {
        self.channel = channel
        self.state = state
        self.port = port
        self.isTLS = isTLS
    }

    public func stop() async {
        try? await channel.close().get()
    }

    /// Collects one request's head and body, records it, and answers with the current reply.
    private final class RecordingHandler: ChannelInboundHandler, @unchecked Sendable {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        private let state: NIOLockedValueBox<(requests: [Request], reply: Reply)>
        private var head: HTTPRequestHead?
        private var body = Data()

        init(state: NIOLockedValueBox<(requests: [Request], reply: Reply)>) { self.state = state }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                body = Data()
            case .body(let buffer):
                body.append(contentsOf: buffer.readableBytesView)
            case .end:
                guard let head else { return }
                let request = Request(method: head.method.rawValue, uri: head.uri,
                                      headers: head.headers.map { ($0.name, $0.value) }, body: body)
                let reply = state.withLockedValue { state -> Reply in
                    state.requests.append(request)
                    return state.reply
                }
                var headers = HTTPHeaders(reply.headers)
                headers.replaceOrAdd(name: "Content-Length", value: String(reply.body.utf8.count))
                let responseHead = HTTPResponseHead(version: head.version, status: .init(statusCode: reply.status), headers: headers)
                context.write(wrapOutboundOut(.head(responseHead)), promise: nil)
                context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: reply.body)))), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
                self.head = nil
            }
        }

        func errorCaught(context: ChannelHandlerContext, error: Error) {
            // A client that refuses the certificate ends the handshake: expected in tests.
            context.close(promise: nil)
        }
    }
}
