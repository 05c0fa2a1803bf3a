import ArgumentParser
import VigilCheck
import VigilLib
import VigilSyntax

struct Doc: ParsableCommand {
    static let configuration = CommandConfiguration(
        // Named explicitly: the derived name costs a reflective type-name lookup at every start-up.
        commandName: "doc",
        abstract: "List the builtins with their signatures and units, or document one.")

    @ArgumentParser.Argument(help: "A builtin's name, or a category (core, series, rules, canary, slo, cost, anomaly, incident, runbook, action).")
    var name: String?

    @Option(help: "Output format: text, or json (every builtin's signature, parameters, result, doc and example, for editors).")
    var format: Format = .text

    enum Format: String, ExpressibleByArgument { case text, json }

    func run() throws {
        let all = Engines.surface.builtins
        if format == .json {
            let chosen = name.map { n in all.filter { $0.name == n || $0.category.rawValue == n } } ?? all
            if chosen.isEmpty { try unknown(name ?? "", all) }
            print(BuiltinCatalogJSON.render(chosen, available: Engines.features))
            return
        }
        guard let name else {
            var category = ""
            for b in all.sorted(by: { ($0.category.rawValue, $0.name) < ($1.category.rawValue, $1.name) }) {
                if b.category.rawValue != category {
                    category = b.category.rawValue
                    print("\n\(category)")
                }
                print("  \(b.signature)")
            }
            return
        }
        let matches = all.filter { $0.name == name }
        if !matches.isEmpty {
            for b in matches {
                print(b.signature)
                print("  \(b.doc)")
                print("  example: \(b.example)")
                print("  category: \(b.category.rawValue)\(b.feature == .core ? "" : "; needs the \(b.feature) engine")")
            }
            return
        }
        let inCategory = all.filter { $0.category.rawValue == name }
        if !inCategory.isEmpty {
            for b in inCategory.sorted(by: { $0.name < $1.name }) { print("\(b.signature)\n  \(b.doc)\n  example: \(b.example)") }
            return
        }
        try unknown(name, all)
    }

    private func unknown(_ name: String, _ all: [VigilCheck.Builtin]) throws -> Never {
        printError("vigil doc: no builtin or category named `\(name)`" +
                   (Spelling.closest(to: name, in: all.map(\.name)).map { "; did you mean `\($0)`?" } ?? ""))
        throw ExitCode(2)
    }
}
