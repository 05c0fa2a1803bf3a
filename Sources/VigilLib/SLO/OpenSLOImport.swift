import Foundation
import VigilSyntax
import Yams

/// `vigil import openslo FILE.yaml`: OpenSLO v1 documents (SLO, SLI, AlertPolicy,
/// AlertCondition; DataSource, Service and AlertNotificationTarget are read past) as `.vigil`
/// slo blocks and burn-rate rules. Prometheus queries must each name one series selector
/// (`sum(rate(x{…}[5m]))` is read as `x{…}`): Vigil takes the increase over its own windows,
/// as Sloth fills in `{{.window}}`. Anything Vigil cannot mean the same way — Timeslices,
/// calendar windows, raw metrics, other data sources — is an error at its line and column.
public enum OpenSLOImport {
    public static func vigil(yaml text: String, path: String) throws -> String {
        let file = SourceFile(path: path, text: text)
        let documents: [Node]
        do {
            documents = try Array(Yams.compose_all(yaml: text))
        } catch let error as YamlError {
            throw Diagnostic(.error, "not valid YAML: \(error)", file: file, range: SourceRange(0, 0))
        }
        let reader = OpenSLODocuments(file: file, documents: documents)
        let slos = try reader.all("SLO")
        guard !slos.isEmpty else {
            throw Diagnostic(.error, "\(path) has no `kind: SLO` document", file: file, range: SourceRange(0, 0))
        }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        var out = "# Imported from \(name) by `vigil import openslo`.\n"
        for slo in slos { out += "\n" + (try OpenSLOTranslation(reader: reader, slo: slo).source()) }
        return out
    }
}

/// The documents of a file by kind and name, and located errors about them.
struct OpenSLODocuments {
    let file: SourceFile
    let documents: [Node]

    func all(_ kind: String) throws -> [Node] {
        try documents.filter { document in
            guard let version = document["apiVersion"]?.string else { throw fail("a document needs `apiVersion: openslo/v1`", document) }
            guard version == "openslo/v1" else {
                throw fail("apiVersion `\(version)` is not supported: Vigil reads openslo/v1", document["apiVersion"]!,
                           hint: version == "openslo/v1alpha" ? "v1alpha is what Sloth reads; Vigil takes v1 documents" : nil)
            }
            return document["kind"]?.string == kind
        }
    }

    func named(_ kind: String, _ name: String, at reference: Node) throws -> Node {
        guard let found = try all(kind).first(where: { $0["metadata"]?["name"]?.string == name }) else {
            throw fail("no \(kind) named `\(name)` in this file", reference)
        }
        return found
    }

    func require(_ node: Node, _ key: String, _ what: String) throws -> Node {
        guard let value = node[key] else { throw fail("missing `\(key)`: \(what)", node) }
        return value
    }

    func fail(_ message: String, _ node: Node, hint: String? = nil) -> Diagnostic {
        Diagnostic(.error, message, file: file, range: range(of: node), hint: hint)
    }

    /// The node's position as a range of the file's bytes (Yams counts lines and columns from 1).
    func range(of node: Node) -> SourceRange {
        guard let mark = node.mark else { return SourceRange(0, 0) }
        var offset = 0, line = 1
        for byte in file.text.utf8 where line < mark.line {
            offset += 1
            if byte == UInt8(ascii: "\n") { line += 1 }
        }
        let start = offset + max(0, mark.column - 1)
        let length = node.scalar?.string.utf8.count ?? 1
        return SourceRange(start, start + max(1, length))
    }
}
