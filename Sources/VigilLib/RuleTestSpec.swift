import VigilRules
import VigilRuntime
import VigilSeries
import VigilSyntax

/// A `test "name" { … }` block read into what the runner needs: its data, its clock and
/// its expectations. Reading evaluates the selectors and notations, so every mistake in
/// them is a located `RuntimeError` (a script or data error, exit 2).
struct RuleTestSpec {
    struct StateExpectation {
        let at: Milliseconds
        let state: RuleState
        let rule: String
        let range: SourceRange
    }

    struct ActionExpectation {
        let name: String
        /// Expected arguments by parameter name (or position, for variadic actions), as literals.
        let arguments: [(parameter: String, text: String)]
        let at: Milliseconds?
        /// The pattern as written, for messages.
        let written: String
    }

    let name: String
    var interval: Milliseconds = TimeUnit.minute
    var every: Milliseconds?
    var start: Timestamp = 0
    var data: [(labels: Labels, notation: SeriesNotation)] = []
    var states: [StateExpectation] = []
    var actions: [ActionExpectation] = []

    init(_ block: BlockDecl, file: SourceFile, interpreter: Interpreter) throws {
        name = block.name ?? "test"
        func value(_ e: Expr) throws -> Value { try interpreter.evaluate(try interpreter.compile(e, in: file), at: interpreter.evaluation) }
        for item in block.items {
            switch item.kind {
            case .setting(let s) where s.key == "interval" && s.values.count == 1:
                interval = try VigilSession.constantDuration(s.values[0], "interval", file, positive: true)
            case .setting(let s) where s.key == "every" && s.values.count == 1:
                every = try VigilSession.constantDuration(s.values[0], "every", file, positive: true)
            case .setting(let s) where s.key == "start" && s.values.count == 1:
                guard case .number(let seconds, let unit) = try value(s.values[0]), unit.dimension == .timestamp else {
                    throw RuntimeError("`start` needs a timestamp such as @2025-01-15T00:00:00Z", file: file, range: s.values[0].range)
                }
                start = try TimeSpanCheck.milliseconds(seconds, file: file, range: s.values[0].range)
            case .seriesData(let selector, let notation):
                data.append((try Self.labels(of: selector, file, value), try Self.notation(notation, file, value)))
            case .expectState(let at, let state, _, let rule):
                guard case .string(let ruleName) = try value(rule) else {
                    throw RuntimeError("`expect` needs the rule's name as a string", file: file, range: rule.range)
                }
                guard let expected = RuleState(rawValue: state) else {
                    throw RuntimeError("`expect` needs a rule state: inactive, pending, firing or nodata, found `\(state)`",
                                       file: file, range: item.range)
                }
                states.append(StateExpectation(at: try VigilSession.constantDuration(at, "at", file), state: expected,
                                               rule: ruleName, range: item.range))
            case .expectAction(let action, let at):
                actions.append(try Self.expectedAction(action, at: at, file, value))
            default:
                throw RuntimeError("a test holds `interval`, `every`, `start`, series data and `expect` lines",
                                   file: file, range: item.range)
            }
        }
    }

    /// `series("http_requests_total", code: "500")` as the exact label set the data gets.
    private static func labels(of selector: Expr, _ file: SourceFile, _ value: (Expr) throws -> Value) throws -> Labels {
        guard case .object(let o) = try value(selector), let selection = o as? SeriesSelection else {
            throw RuntimeError("test data needs a series selector such as series(\"http_requests_total\", code: \"500\")",
                               file: file, range: selector.range)
        }
        var pairs: [String: String] = [:]
        for m in selection.matchers {
            guard m.kind == .equal else {
                throw RuntimeError("test data needs exact labels, found the matcher `\(m.description)`",
                                   hint: "write each label as name: \"value\"", file: file, range: selector.range)
            }
            pairs[m.name] = m.value
        }
        return Labels(pairs)
    }

    private static func notation(_ e: Expr, _ file: SourceFile, _ value: (Expr) throws -> Value) throws -> SeriesNotation {
        guard case .string(let text) = try value(e) else {
            throw RuntimeError("series data needs promtool notation in a string, such as \"0+30x120\"", file: file, range: e.range)
        }
        do { return try SeriesNotation(text) } catch let error as SeriesNotationError {
            throw RuntimeError("bad series notation at column \(error.column): \(error.message)",
                               hint: "forms: a, axn, a+bxn, a-bxn, _, _xn, stale", file: file, range: e.range)
        }
    }

    private static func expectedAction(_ action: Expr, at: Expr?, _ file: SourceFile,
                                       _ value: (Expr) throws -> Value) throws -> ActionExpectation {
        var callee = action, args: [Argument] = []
        if case .call(let c, let a) = action.kind { callee = c; args = a }
        guard case .name(let name) = callee.kind, let spec = ActionLog.recordable.first(where: { $0.name == name }) else {
            throw RuntimeError("`expect action` needs an action such as page(\"oncall\")", file: file, range: callee.range)
        }
        let positional = spec.variadic ? [] : spec.positional.map(\.name)
        var expected: [(String, String)] = []
        for (index, arg) in args.enumerated() {
            let text = try value(arg.value).literal
            if let label = arg.label {
                expected.append((label, text))
            } else if spec.variadic {
                expected.append(("#\(index)", text))
            } else if index < positional.count {
                expected.append((positional[index], text))
            } else {
                throw RuntimeError("`\(name)` takes at most \(positional.count) positional arguments", file: file, range: arg.value.range)
            }
        }
        let when = try at.map { try VigilSession.constantDuration($0, "at", file) }
        return ActionExpectation(name: name, arguments: expected, at: when, written: file.slice(action.range))
    }
}

extension RuleTestSpec.ActionExpectation {
    /// Whether a recorded action is this one (the arguments given must match; others may be anything).
    func matches(_ action: RecordedAction) -> Bool {
        guard action.name == name else { return false }
        return arguments.allSatisfy { parameter, text in
            if parameter.hasPrefix("#"), let i = Int(parameter.dropFirst()) {
                return i < action.arguments.count && action.arguments[i].text == text
            }
            return action.arguments.contains { $0.parameter == parameter && $0.text == text }
        }
    }
}
