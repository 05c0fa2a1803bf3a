import VigilCheck
import VigilLib
import XCTest

/// The binding rule both the checker and the runtime use, and the shape of the table it
/// relies on: one slot per parameter name across a builtin's overloads.
final class BuiltinBindingTests: XCTestCase {
    func testOverloadsShareSlotsByPosition() throws {
        let min = try XCTUnwrap(BuiltinBinding(name: "min"))
        XCTAssertEqual(min.slots, ["xs", "b", "by"])
        XCTAssertEqual(try min.arrange(positional: 1, labels: ["by"]).get(), [0, 2])
        XCTAssertEqual(try min.arrange(positional: 0, labels: ["b", "a"]).get(), [1, 0])
        XCTAssertEqual(try min.arrange(positional: 0, labels: ["s", "w"]).get(), [0, 1])
        XCTAssertEqual(try XCTUnwrap(BuiltinBinding(name: "min", features: [.core])).slots, ["xs", "b"])
        XCTAssertEqual(try XCTUnwrap(BuiltinBinding(name: "series")).arrange(positional: 1, labels: ["code"]).get(), [0, nil])
        XCTAssertNil(BuiltinBinding(name: "no_such_builtin"))
    }

    func testProblemsNameTheNearestOverloadAndTheArgument() throws {
        let min = try XCTUnwrap(BuiltinBinding(name: "min"))
        XCTAssertEqual(problem(min, 0, ["a"]), BindingProblem(message: "missing argument `b` in call to `min`", culprit: .call))
        XCTAssertEqual(problem(min, 3, []).map(\.message), "too many arguments to `min`: it takes at most 2, found 3")
        XCTAssertEqual(problem(min, 3, [])?.culprit, .positional(2))
        let join = try XCTUnwrap(BuiltinBinding(name: "join"))
        XCTAssertEqual(problem(join, 1, ["sepp"]),
                       BindingProblem(message: "`join` has no parameter `sepp`", culprit: .label(0), hint: "did you mean `sep`?"))
        XCTAssertEqual(problem(join, 1, ["xs", "sep"])?.message, "argument `xs` of `join` is given twice")
        XCTAssertEqual(problem(join, 1, ["sep", "sep"])?.culprit, .label(1))
        let print = try XCTUnwrap(BuiltinBinding(name: "print"))
        XCTAssertEqual(try print.arrange(positional: 0, labels: []).get(), [])
        XCTAssertEqual(problem(print, 1, ["values"])?.message, "`print` takes its arguments by position, not as `values:`")
    }

    /// A parameter name is one slot: the same position in every overload that has it
    /// positionally, and never positional in one and named-only in another.
    func testEveryParameterNameIsOneSlotAcrossOverloads() {
        for name in Engines.surface.names.sorted() {
            var place: [String: String] = [:]
            for b in Engines.surface.lookup(name) {
                for (i, p) in b.positional.enumerated() where place[p.name, default: "#\(i)"] != "#\(i)" {
                    XCTFail("`\(name)`: `\(p.name)` is \(place[p.name]!) elsewhere but #\(i) in \(b.signature)")
                }
                for (i, p) in b.positional.enumerated() { place[p.name] = "#\(i)" }
                for p in b.parameters where p.namedOnly {
                    if let other = place[p.name], other != "named" { XCTFail("`\(name)`: `\(p.name)` is \(other) and named-only") }
                    place[p.name] = "named"
                }
                if b.variadic { XCTAssertFalse(b.parameters.contains(where: \.namedOnly), "\(b.signature): variadic with labels") }
            }
        }
    }

    func testCompletionsOfferTheBuiltBuiltinsOnce() {
        XCTAssertEqual(Engines.surface.completions(of: "jo", available: Engines.features), ["join"])
        XCTAssertEqual(Engines.surface.completions(of: "mi", available: Engines.features), ["min"])
        XCTAssertEqual(Engines.surface.completions(of: "sl", available: Engines.features), ["slo"])
        XCTAssertEqual(Engines.surface.completions(of: "month", available: Engines.features), ["month_to_date"])
        XCTAssertEqual(Engines.surface.completions(of: "webh", available: Engines.features), ["webhook"])
        XCTAssertEqual(Engines.surface.completions(of: "sil", available: Engines.features), ["silence"])
        XCTAssertEqual(Engines.surface.completions(of: "sil", available: Set(Feature.allCases)), ["silence"])
        XCTAssertEqual(Engines.surface.completions(of: "ro", available: Engines.features), ["rollback", "root_cause", "round", "routes_to_candidate"])
    }

    private func problem(_ b: BuiltinBinding, _ positional: Int, _ labels: [String]) -> BindingProblem? {
        if case .failure(let p) = b.arrange(positional: positional, labels: labels) { return p }
        return nil
    }
}

extension BuiltinBindingTests {
    /// The shortcut for unlabelled calls agrees with the general rule for every builtin.
    func testBareAritiesAreExactlyTheUnlabelledCallsThatBind() {
        for name in Engines.surface.names.sorted() {
            let binding = BuiltinBinding(name: name, in: Engines.surface)!
            for count in 0...6 where !binding.variadic {
                guard case .success = binding.arrange(positional: count, labels: []) else {
                    XCTAssertFalse(binding.bareArities.contains(count), "\(name) with \(count)")
                    continue
                }
                XCTAssertTrue(binding.bareArities.contains(count), "\(name) with \(count)")
            }
        }
    }
}
