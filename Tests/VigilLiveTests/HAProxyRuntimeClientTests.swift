import VigilLive
import VigilTestServers
import XCTest

/// HAProxy's runtime API over TCP, against a real HAProxy: weights set together and read
/// back, and HAProxy's refusals and unsafe names reported in words.
final class HAProxyRuntimeClientTests: XCTestCase {
    private static let slot = ServerSlot<TestHAProxy> { $0.stop() }
    private var haproxy: TestHAProxy!
    private var client: HAProxyRuntimeClient!

    override func setUp() async throws {
        // No backend listens on these ports: weights are HAProxy's own state either way.
        haproxy = try await Self.slot.get { try await TestHAProxy.start(stablePort: 9, candidatePort: 9) }
        client = try HAProxyRuntimeClient(address: haproxy.adminAddress, timeout: 5)
    }

    override class func tearDown() {
        slot.stop()
        super.tearDown()
    }

    func testWeightsAreSetTogetherAndReadBack() throws {
        try client.setWeights(backend: "checkout", [("v1", 70), ("v2", 30)])
        XCTAssertEqual(try client.weight(backend: "checkout", server: "v1"), .init(current: 70, initial: 100))
        XCTAssertEqual(try client.weight(backend: "checkout", server: "v2"), .init(current: 30, initial: 0))
        XCTAssertEqual(try haproxy.weight("v2"), 30, "the test's own reading agrees")
        try client.setWeights(backend: "checkout", [("v1", 100), ("v2", 0)])
        XCTAssertEqual(try haproxy.weight("v2"), 0)
    }

    func testRefusalsCarryHAProxysWords() {
        XCTAssertThrowsError(try client.weight(backend: "checkout", server: "v3")) { error in
            XCTAssertEqual("\(error)", "\(haproxy.adminAddress) (HAProxy runtime API): refused: get weight checkout/v3: No such server.")
        }
        XCTAssertThrowsError(try client.setWeights(backend: "nope", [("v1", 1)])) { error in
            XCTAssertEqual("\(error)", "\(haproxy.adminAddress) (HAProxy runtime API): refused: set weight nope/v1 1: No such backend.")
        }
        XCTAssertThrowsError(try client.setWeights(backend: "checkout", [("v1", 300)])) { error in
            XCTAssertEqual("\(error)", "\(haproxy.adminAddress) (HAProxy runtime API): invalid request: an HAProxy weight is 0 to 256, not 300")
        }
    }

    func testANameThatCouldStartAnotherCommandIsNeverSent() throws {
        XCTAssertThrowsError(try client.setWeights(backend: "checkout", [("v1 0; shutdown frontend shop", 1)])) { error in
            XCTAssertTrue("\(error)".contains("is not an HAProxy backend or server name"), "\(error)")
        }
        XCTAssertEqual(try haproxy.weight("v1"), 100, "nothing was sent")
    }

    func testAnAddressWithoutAPortOrAServerThatIsNotThereIsSaidPlainly() throws {
        XCTAssertThrowsError(try HAProxyRuntimeClient(address: "127.0.0.1")) { error in
            XCTAssertEqual("\(error)", "127.0.0.1: invalid request: the runtime API address needs a port: host:port such as 127.0.0.1:9999")
        }
        let closed = try HAProxyRuntimeClient(address: "127.0.0.1:\(try FreePort.find())", timeout: 2)
        XCTAssertThrowsError(try closed.weight(backend: "checkout", server: "v1")) { error in
            XCTAssertTrue("\(error)".hasSuffix("(HAProxy runtime API): cannot connect: connection refused (is the server running?)"), "\(error)")
        }
    }
}
