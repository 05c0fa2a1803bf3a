import VigilCheck
import VigilRuntime
import VigilSeries
import VigilSyntax

/// Judges a checked program's policies in a session: the part of `vigil check` that is not
/// reading arguments, shared with tests and the REPL.
public enum GateCheck {
    /// Runs the program's top level, then every `require` and `warn` line. A runtime error
    /// outside a policy line, or a file with nothing to check, is the file's problem.
    /// `recordingValues` keeps each line's observed values as numbers (for JSON).
    public static func judge(_ program: Program, in session: VigilSession,
                             resolver: Interpreter.ImportResolver?, recordingValues: Bool = false,
                             checked: Resolutions? = nil) -> GateReport.File {
        let path = DisplayPath.of(program.file.path)
        do {
            try session.load(program, resolver: resolver, checked: checked)
            try session.interpreter.run()
            let results = try session.interpreter.evaluatePolicies(recordingComparisons: recordingValues)
            guard !results.isEmpty else { return GateReport.File(path: path, problems: [nothingToCheck(program, path)]) }
            return GateReport.File(path: path, lines: results.map(GateLine.init(result:)))
        } catch let e as RuntimeError {
            return GateReport.File(path: path, problems: [GateProblem(e)])
        } catch {
            return GateReport.File(path: path, problems: [GateProblem(kind: .script, file: path, message: "\(error)")])
        }
    }

    /// The lines of the policies declared in `file`, which the session has already loaded:
    /// the REPL judges a typed policy as `vigil check` would, without judging earlier ones.
    public static func judgeLoaded(_ file: SourceFile, in session: VigilSession) -> GateReport.File {
        do {
            let results = try session.interpreter.evaluatePolicies().filter { $0.file.path == file.path }
            return GateReport.File(path: file.path, lines: results.map(GateLine.init(result:)))
        } catch let e as RuntimeError {
            return GateReport.File(path: file.path, problems: [GateProblem(e)])
        } catch {
            return GateReport.File(path: file.path, problems: [GateProblem(kind: .script, file: file.path, message: "\(error)")])
        }
    }

    /// A file without policies (or with only empty ones) would pass on nothing: a mistyped
    /// gate must not let a release through.
    static func nothingToCheck(_ program: Program, _ path: String) -> GateProblem {
        let policies = program.decls.compactMap { decl -> BlockDecl? in
            if case .block(let b) = decl.kind, b.kind == .policy { return b }
            return nil
        }
        guard let first = policies.first else { return GateReport.noPolicy(in: path) }
        let loc = program.file.location(of: first.range.start)
        return GateProblem(kind: .script, file: path, line: loc.line, column: loc.column,
                           message: "the policies in \(path) have no require or warn line to check",
                           hint: "write `require CONDITION \"label\"` lines in the policy")
    }

    /// The first and last sample time in the store, in seconds; nil when it holds none.
    public static func dataRange(of store: SeriesStore) -> (first: Double, last: Double)? {
        let firsts = store.series.compactMap(\.timestamps.first), lasts = store.series.compactMap(\.timestamps.last)
        guard let first = firsts.min(), let last = lasts.max() else { return nil }
        return (Double(first) / 1000, Double(last) / 1000)
    }
}
