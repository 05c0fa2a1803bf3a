import XCTest
import VigilCheck
import VigilLib
import VigilRuntime

/// The builtin table (VigilCheck's catalog, what the checker accepts and `vigil doc` shows)
/// against the runtime's registrations in a full session: every call the table documents
/// must bind at run time, and every call it refuses must be refused there too.
final class BuiltinTableTests: XCTestCase {
    /// Features a session does not bind yet: their builtins are declared but not registered.
    static let unbuiltFeatures: Set<Feature> = [.slo]

    /// Every disagreement between the table and the runtime, one line each.
    static func mismatches(in session: VigilSession) -> [String] {
        var out: [String] = []
        for (name, overloads) in Dictionary(grouping: Engines.surface.builtins, by: \.name).sorted(by: { $0.key < $1.key }) {
            guard let runtime = session.interpreter.builtin(named: name) else {
                if overloads.contains(where: { !unbuiltFeatures.contains($0.feature) }) && name != "baseline" {
                    out.append("\(name): declared but not registered")
                }
                continue
            }
            for b in overloads { out += mismatches(b, runtime) }
        }
        return out
    }

    /// The calls one overload documents: all positional, all labelled, each required
    /// argument left out, one argument too many and an unknown label. A call must bind at
    /// run time exactly when some overload of the name takes it.
    static func mismatches(_ b: VigilCheck.Builtin, _ runtime: VigilRuntime.Builtin) -> [String] {
        var out: [String] = []
        func expect(_ positional: Int, _ labels: [String]) {
            let call = "\(b.name)(" + (Array(repeating: "_", count: positional) + labels.map { "\($0): _" }).joined(separator: ", ") + ")"
            let binds = Engines.surface.lookup(b.name).contains { takes($0, positional, labels) }
            let problem = runtime.bindingProblem(positional: positional, labels: labels)
            if binds, let problem { out.append("\(b.signature): `\(call)` fails at run time: \(problem)") }
            if !binds, problem == nil { out.append("\(b.signature): `\(call)` is refused by the checker but binds at run time") }
        }
        let positional = b.positional.map(\.name), named = b.parameters.filter(\.namedOnly).map(\.name)
        let requiredNamed = b.parameters.filter { $0.namedOnly && $0.required }.map(\.name)
        for count in b.minPositional...(positional.count + 1) { expect(count, requiredNamed) }
        if !b.variadic {
            expect(0, positional + named)
            for p in b.parameters where p.required { expect(0, (positional + named).filter { $0 != p.name }) }
        }
        expect(b.minPositional, requiredNamed + ["no_such_label"])
        return out
    }

    /// Whether overload `b` takes a call with `positional` positional arguments and these
    /// labels, as LANGUAGE.md §3 describes calls: positions first, labels name parameters.
    static func takes(_ b: VigilCheck.Builtin, _ positional: Int, _ labels: [String]) -> Bool {
        if !b.variadic, positional > b.positional.count { return false }
        let byPosition = b.positional.prefix(positional).map(\.name)
        var given = Set(byPosition)
        for label in labels {
            guard let p = b.parameters.first(where: { $0.name == label }) else {
                if b.acceptsAnyNamed { continue }
                return false
            }
            if b.variadic && !p.namedOnly { return false }
            if !given.insert(label).inserted { return false }
        }
        return b.parameters.allSatisfy { !$0.required || given.contains($0.name) }
    }

    func testEveryDocumentedCallBindsAtRunTimeAndNoOther() {
        let found = Self.mismatches(in: VigilSession())
        XCTAssertEqual(found, [], "\n" + found.joined(separator: "\n"))
    }
}
