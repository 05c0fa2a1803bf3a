import XCTest
@testable import VigilSyntax

final class SnippetSmokeTests: XCTestCase {
    func testSnippets() throws {
        let dir = "/tmp/snip"
        for f in try FileManager.default.contentsOfDirectory(atPath: dir).sorted() {
            let text = try String(contentsOfFile: dir + "/" + f, encoding: .utf8)
            let (prog, diags) = Parser.parse(SourceFile(path: f, text: text))
            print("== \(f): \(prog.decls.count) decls, \(diags.count) diagnostics")
            for d in diags { print(d.render()) }
        }
    }
}
