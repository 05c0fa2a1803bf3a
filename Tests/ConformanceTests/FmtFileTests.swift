import Foundation
import XCTest

/// `vigil fmt` rewrites a file without disturbing it otherwise: mode, owner, symbolic and
/// hard links survive; a file that is not UTF-8 is refused naming its first bad byte.
final class FmtFileTests: XCTestCase {
    private let ugly = "let   x=1\n"
    private let formatted = "let x = 1\n"
    private var dir: URL!

    override func setUpWithError() throws {
        dir = FileManager.default.temporaryDirectory.appendingPathComponent("vigil-fmt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: dir) }

    private func write(_ name: String, _ text: String) throws -> String {
        let path = dir.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }

    private func info(_ path: String) -> stat {
        var s = stat()
        XCTAssertEqual(lstat(path, &s), 0, path)
        return s
    }

    private func fmt(_ path: String) throws {
        let r = try VigilBinary.run(["fmt", path])
        XCTAssertEqual(r.status, 0, r.combined)
    }

    func testTheModeIsKept() throws {
        let path = try write("private.vigil", ugly)
        XCTAssertEqual(chmod(path, 0o600), 0)
        try fmt(path)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), formatted)
        XCTAssertEqual(info(path).st_mode & 0o7777, 0o600)
    }

    func testTheOwnerIsKept() throws {
        guard geteuid() == 0 else { throw XCTSkip("giving a file to another owner needs root") }
        let path = try write("owned.vigil", ugly)
        XCTAssertEqual(chown(path, 65534, 65534), 0)
        try fmt(path)
        XCTAssertEqual(try String(contentsOfFile: path, encoding: .utf8), formatted)
        XCTAssertEqual(info(path).st_uid, 65534)
        XCTAssertEqual(info(path).st_gid, 65534)
    }

    func testASymbolicLinkStaysALinkAndItsTargetIsFormatted() throws {
        let target = try write("target.vigil", ugly)
        let link = dir.appendingPathComponent("link.vigil").path
        XCTAssertEqual(symlink("target.vigil", link), 0)
        try fmt(link)
        XCTAssertEqual(info(link).st_mode & S_IFMT, S_IFLNK)
        XCTAssertEqual(try FileManager.default.destinationOfSymbolicLink(atPath: link), "target.vigil")
        XCTAssertEqual(try String(contentsOfFile: target, encoding: .utf8), formatted)
    }

    func testHardLinksStayOneFile() throws {
        let first = try write("first.vigil", ugly)
        let second = dir.appendingPathComponent("second.vigil").path
        XCTAssertEqual(link(first, second), 0)
        try fmt(first)
        XCTAssertEqual(info(first).st_ino, info(second).st_ino)
        XCTAssertEqual(info(first).st_nlink, 2)
        XCTAssertEqual(try String(contentsOfFile: second, encoding: .utf8), formatted)
    }

    func testAFileThatIsNotUTF8IsRefusedNamingTheByte() throws {
        let path = dir.appendingPathComponent("latin1.vigil").path
        try Data(Array("let x = 1\nlet y = \"caf".utf8) + [0xE9] + Array("\"\n".utf8)).write(to: URL(fileURLWithPath: path))
        for command in ["fmt", "check"] {
            let r = try VigilBinary.run([command, path])
            XCTAssertEqual(r.status, 2, command)
            XCTAssertTrue(r.stderr.contains("latin1.vigil:2:13: error: the file is not UTF-8 text: its first bad byte, 0xE9, is at 2:13"),
                          command + ": " + r.stderr)
        }
    }

    func testDeepNestingIsALocatedErrorNotACrash() throws {
        let path = try write("deep.vigil", "let x = " + String(repeating: "(", count: 6400) + "1" + String(repeating: ")", count: 6400) + "\n")
        for command in ["fmt", "check", "run"] {
            let r = try VigilBinary.run([command, path])
            XCTAssertEqual(r.status, 2, command + ": " + r.combined)
            XCTAssertTrue(r.stderr.contains("deep.vigil:1:265: error: expression nested too deeply (more than 256 levels)"),
                          command + ": " + r.stderr)
        }
    }

    func testThousandsOfErrorsPrintAFewAndACount() throws {
        let path = try write("noise.vigil", String(repeating: "?", count: 20000) + "\n")
        let r = try VigilBinary.run(["check", path])
        XCTAssertEqual(r.status, 2)
        XCTAssertTrue(r.stderr.contains("noise.vigil:1:51: note: … and 19,950 more errors"), String(r.stderr.prefix(500)))
        XCTAssertLessThan(r.stderr.utf8.count, 20_000)
    }
}
