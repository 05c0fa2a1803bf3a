import VigilCheck
import VigilSeries
import VigilSyntax

/// How far before an evaluation time a program may read samples: what a live source must
/// fetch so that every window sees the samples it would see in a recorded file.
///
/// Windows are often passed through functions (`fn burn(w) = rate(s, w)`), so instead of
/// tracing calls this takes the longest duration written anywhere in the program and its
/// imports. That over-reaches (a `for 10m` counts too), which only costs a larger read;
/// a window computed at run time from smaller literals (`1h * 3`) is the one case it misses.
public enum ProgramReach {
    /// `last(s)` and a bare `series(…)` look back this far for the newest sample.
    public static let instantLookback: Milliseconds = 5 * TimeUnit.minute
    /// `baseline` outside a canary averages the signal over a trailing day by default.
    public static let defaultBaselineWindow: Milliseconds = TimeUnit.day

    /// The lookback for `programs` and everything they import.
    public static func lookback(of programs: [Program], loader: ModuleLoader) -> Milliseconds {
        var longest: Milliseconds = 0
        var usesBaseline = false
        var seen: Set<String> = []
        var pending = programs
        while let program = pending.popLast() {
            guard seen.insert(program.file.path).inserted else { continue }
            var lexer = Lexer(file: program.file)
            for token in lexer.tokenize() {
                switch token.kind {
                case .quantity(let q) where q.dimension == .duration:
                    longest = max(longest, Milliseconds((q.value * 1000).rounded()))
                case .identifier("baseline"):
                    usesBaseline = true
                default:
                    break
                }
            }
            for case .import(let decl) in program.decls.map(\.kind) {
                if case .success(let imported) = loader.resolve(decl, from: program.file) { pending.append(imported) }
            }
        }
        // A baseline evaluates the signal at every point of its own window, each of which
        // reads the signal's window before it.
        let baseline = usesBaseline ? max(defaultBaselineWindow, longest) : 0
        return longest + baseline + instantLookback
    }
}
