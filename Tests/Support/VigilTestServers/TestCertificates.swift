import Foundation

/// A private certificate authority and a server certificate it signed for 127.0.0.1 and
/// localhost, made fresh by the `openssl` command for each test run (nothing is checked in).
public struct TestCertificates {
    public let directory: URL
    /// The authority's certificate, PEM: what `--ca-file` is given.
    public let caFile: String
    /// The server's certificate chain (server, then CA) and private key, PEM.
    public let serverCertificateFile: String
    public let serverKeyFile: String

    /// Generates the authority and the server certificate (for `serverNames`, openssl's
    /// subjectAltName syntax) in a new temporary directory; `missingBinary` when openssl is
    /// not installed.
    public static func make(serverNames: String = "IP:127.0.0.1,DNS:localhost") throws -> TestCertificates {
        let openssl = try ServerProcess.locate("openssl")
        let directory = try TemporaryDirectory.make("vigil-tls")
        func path(_ name: String) -> String { directory.appendingPathComponent(name).path }
        let extensions = path("server.ext")
        try """
            basicConstraints=CA:FALSE
            keyUsage=digitalSignature,keyEncipherment
            extendedKeyUsage=serverAuth
            subjectAltName=\(serverNames)

            """.write(toFile: extensions, atomically: true, encoding: .utf8)
        let steps: [[String]] = [
            ["req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-days", "2",
             "-subj", "/CN=Vigil Test CA", "-addext", "basicConstraints=critical,CA:TRUE",
             "-addext", "keyUsage=critical,keyCertSign,cRLSign",
             "-keyout", path("ca.key"), "-out", path("ca.pem")],
            ["req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-subj", "/CN=127.0.0.1",
             "-keyout", path("server.key"), "-out", path("server.csr")],
            ["x509", "-req", "-in", path("server.csr"), "-CA", path("ca.pem"), "-CAkey", path("ca.key"),
             "-CAcreateserial", "-days", "2", "-extfile", extensions, "-out", path("server-only.pem")],
        ]
        for arguments in steps {
            let result = try ShortCommand.run(openssl, arguments, in: directory)
            guard result.status == 0 else {
                throw ServerError.failedToStart("openssl \(arguments.joined(separator: " ")) failed: \(result.output)")
            }
        }
        let chain = try String(contentsOfFile: path("server-only.pem"), encoding: .utf8)
            + String(contentsOfFile: path("ca.pem"), encoding: .utf8)
        try chain.write(toFile: path("server.pem"), atomically: true, encoding: .utf8)
        return TestCertificates(directory: directory, caFile: path("ca.pem"),
                                serverCertificateFile: path("server.pem"), serverKeyFile: path("server.key"))
    }

    public func remove() {
        try? FileManager.default.removeItem(at: directory)
    }
}
