import VigilSyntax

/// The verdict on one `require`/`warn` line of a policy.
public struct PolicyResult {
    public enum Outcome: String, Sendable { case pass, fail, nodata, error }

    /// The policy's name (`policy "release gates"`).
    public var policy: String
    public var level: RequirementLevel
    /// The line's label, or the source text of its condition.
    public var label: String
    public var outcome: Outcome
    /// The values behind the verdict, for a person: `p95_ms = 6.2ms > 5ms`, `no data`, or
    /// the error message.
    public var observed: String
    public var file: SourceFile
    public var range: SourceRange
    /// Set when the outcome is `.error`.
    public var error: RuntimeError?
    /// The comparisons behind the verdict with their operands' values, for reports that
    /// carry numbers (`vigil check --format json`); empty unless asked for.
    public var comparisons: [ObservedComparison] = []
}

/// A policy compiled once: its `let`s and requirements in order, in a frame of its own.
struct CompiledPolicy {
    enum Item {
        case statement(Executor, label: String, range: SourceRange)
        /// A condition compiled by the ordinary compiler, recording its top comparisons.
        case requirement(Evaluator, Recording, Requirement, range: SourceRange)
    }

    let name: String
    let file: SourceFile
    let items: [Item]
    let frameSize: Int
}

extension Compiler {
    func policy(_ block: BlockDecl) throws -> CompiledPolicy {
        let outer = scope
        scope = FunctionScope()
        defer { scope = outer }
        var items: [CompiledPolicy.Item] = []
        for item in block.items {
            switch item.kind {
            case .statement(let stmt):
                items.append(.statement(try statement(stmt), label: text(stmt.range), range: stmt.range))
            case .requirement(let req):
                let recording = Recording()
                items.append(.requirement(try recorded(req.condition, recording), recording, req, range: item.range))
            default:
                throw error("a policy holds only `let`, `require` and `warn` lines", item.range)
            }
        }
        return CompiledPolicy(name: block.name ?? "policy", file: file, items: items, frameSize: scope.slotCount)
    }
}

extension Interpreter {
    /// Evaluates every policy loaded so far, line by line. A failing line does not stop the
    /// others; an error in a line is reported as that line's outcome. With
    /// `recordingComparisons`, each result also carries the comparisons it made.
    public func evaluatePolicies(recordingComparisons: Bool = false) throws -> [PolicyResult] {
        var results: [PolicyResult] = []
        for policy in policies {
            machine.startRun()
            let frame = Frame.make(size: policy.frameSize, parent: nil)
            for item in policy.items {
                switch item {
                case .statement(let code, let label, let range):
                    do { _ = try code(frame) } catch let e as RuntimeError {
                        results.append(PolicyResult(policy: policy.name, level: .require, label: label, outcome: .error,
                                                    observed: e.message, file: policy.file, range: range, error: e))
                    }
                case .requirement(let code, let recording, let req, let range):
                    results.append(requirement(policy, code, recording, req, range, frame, recording: recordingComparisons))
                }
            }
        }
        return results
    }

    private func requirement(_ policy: CompiledPolicy, _ code: Evaluator, _ recorder: Recording, _ req: Requirement,
                             _ range: SourceRange, _ frame: Frame, recording: Bool) -> PolicyResult {
        let label = req.label ?? policy.file.slice(req.condition.range)
        var result = PolicyResult(policy: policy.name, level: req.level, label: label, outcome: .error,
                                  observed: "", file: policy.file, range: range, error: nil)
        machine.nodataReasons = []
        // "no data: no series matched series(…)" when a builtin said why, else "no data".
        var noData: String { machine.nodataReasons.first.map { "no data: " + $0 } ?? "no data" }
        var comparisons: [ObservedComparison] = []
        do {
            let (value, recorded, values) = try record(recorder, at: machine.evaluation) { try code(frame) }
            comparisons = recorded
            let observed = try ObservedText.text(of: req.condition, in: policy.file, recorded, values)
            switch value {
            case .bool(true): result.outcome = .pass; result.observed = observed
            case .bool(false): result.outcome = .fail; result.observed = observed
            case .nodata: result.outcome = .nodata; result.observed = noData
            case .object(let o):
                switch try Site(file: policy.file, range: req.condition.range).object({ try o.truth() }) {
                case .known(let b): result.outcome = b ? .pass : .fail; result.observed = observed
                case .unknown:
                    // The object may know more: which label sets found no partner, say.
                    for reason in o.nodataReasons { machine.noteNodata(reason) }
                    result.outcome = .nodata; result.observed = "\(noData) (\(observed))"
                case .notACondition:
                    let e = RuntimeError("a requirement must be true or false, found \(value.described)",
                                         file: policy.file, range: req.condition.range)
                    result.observed = e.message
                    result.error = e
                }
            default:
                let e = RuntimeError("a requirement must be true or false, found \(value.described)",
                                     file: policy.file, range: req.condition.range)
                result.observed = e.message
                result.error = e
            }
        } catch let e as RuntimeError {
            result.observed = e.message
            result.error = e
        } catch {
            result.observed = "\(error)"
        }
        if recording, result.error == nil { result.comparisons = comparisons }
        return result
    }
}
