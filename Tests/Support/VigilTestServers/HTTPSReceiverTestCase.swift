import XCTest

/// A test case that starts real local receivers over plain http or over https with a private
/// CA made by openssl for the test (skipped when openssl is absent); every receiver it started
/// and the CA are removed after each test.
open class HTTPSReceiverTestCase: XCTestCase {
    public private(set) var certificates: TestCertificates!
    private var receivers: [TestHTTPReceiver] = []

    override open func setUp() async throws {
        do {
            certificates = try TestCertificates.make()
        } catch ServerError.missingBinary(let reason) {
            throw XCTSkip(reason)
        }
    }

    override open func tearDown() async throws {
        for receiver in receivers { receiver.stop() }
        receivers = []
        certificates?.remove()
    }

    /// A receiver on 127.0.0.1, https with the test's CA when `tls`, stopped after the test.
    public func startReceiver(tls: Bool) async throws -> TestHTTPReceiver {
        let receiver = try await TestHTTPReceiver.start(certificates: tls ? certificates : nil)
        receivers.append(receiver)
        return receiver
    }
}
