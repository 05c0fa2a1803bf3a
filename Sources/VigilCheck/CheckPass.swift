import VigilSyntax

/// Where the walk currently is; decides which names, items and calls are legal.
struct CheckContext {
    /// Set inside policies, signals and SLOs: "a policy", "a signal", "an slo".
    var pureContext: String?
    /// The service or canary whose signals are bare and whose action `then rollback` means.
    var enclosingTarget: String?
    var blockKind: BlockKind?
    /// The call-graph node whose code is being walked: a named function, or the variable
    /// holding the lambda being walked.
    var function: FunctionID?
    /// The variable whose new value is being walked (`let f = …`, `f = …`): a lambda stored
    /// in it is that variable's code. Cleared inside calls, whose lambda arguments may run at
    /// once, as part of the enclosing code.
    var binding: FunctionID?
    /// Inside a comparison with a signal: the type `baseline` stands for.
    var baselineType: StaticType?
    /// Inside a rule's `then`/`resolve`: the rule engine records these actions (replay, tests),
    /// so they need no delivery.
    var actionsAreRecorded = false
    /// The top-level statement being walked, outside any function or stored lambda: code that
    /// runs when its line does, before the top-level `let`s below it.
    var topLevelStatement: SourceRange?
}

/// The state of one check of one program; its methods are spread over the files named
/// after the pass they implement (Declarations, Resolver, TypeInference, Calls, …).
final class CheckPass {
    let program: Program
    let file: SourceFile
    let options: CheckOptions
    /// The builtins and blocks the program may use: the core's and the engines' (`CheckOptions.surface`).
    var surface: LanguageSurface { options.surface }
    let loader: ModuleResolver?
    let checkedModules: CheckedModules
    var diagnostics: [Diagnostic] = []
    /// Names brought in by imports without alias; searched after the file's own globals.
    let importScope = Scope(parent: nil, frame: nil)
    let globals: Scope
    var scope: Scope
    /// The frame of the program's top-level statements: the locals of their blocks and loops.
    let topLevelFrame = FrameLayout(parent: nil)
    var context = CheckContext()
    var callGraph = CallGraph()
    /// Return types seen in the function being walked.
    var returnTypes: [StaticType] = []
    /// Named blocks per kind, for duplicate detection and `canary X` finding service X.
    var blocks: [BlockKind: [String: SourceRange]] = [:]
    var ruleNames: [String: SourceRange] = [:]
    /// Inferred types of signals, keyed `service.signal`.
    var signalTypes: [String: StaticType] = [:]
    var functionReturnTypes: [FunctionID: StaticType] = [:]
    /// Calls of user functions from pure contexts, judged once the call graph is complete.
    var pureUses: [(function: FunctionID, context: String, range: SourceRange)] = []
    /// Names read, called or assigned by top-level statements, judged once the call graph is complete.
    var topLevelUses: [TopLevelUse] = []
    /// What each name resolved to, for the compiler (`Resolution`).
    var resolutions = Resolutions()

    init(program: Program, loader: ModuleResolver?, options: CheckOptions, checkedModules: CheckedModules = CheckedModules()) {
        self.program = program
        self.checkedModules = checkedModules
        self.file = program.file
        self.loader = loader
        self.options = options
        self.globals = Scope(parent: importScope, frame: nil)
        self.scope = globals
    }

    func error(_ message: String, _ range: SourceRange, expected: String? = nil, hint: String? = nil) {
        diagnostics.append(Diagnostic(.error, message, file: file, range: range, expected: expected, hint: hint))
    }

    func warning(_ message: String, _ range: SourceRange, hint: String? = nil) {
        diagnostics.append(Diagnostic(.warning, message, file: file, range: range, hint: hint))
    }

    /// "the first definition is on line 3", for duplicate reports.
    func firstDefinitionNote(_ range: SourceRange, in other: SourceFile? = nil) -> String {
        let where_ = other.map { $0 === file ? "" : " of \($0.path)" } ?? ""
        return "the first definition is on line \((other ?? file).location(of: range.start).line)\(where_)"
    }

    /// The frame code walked here runs in.
    var currentFrame: FrameLayout { scope.frame ?? topLevelFrame }

    /// Runs `body` in a fresh inner scope whose locals take slots of `frame` (a function's or
    /// a block's own), or else of the current frame (a block or loop body).
    func withScope<T>(frame: FrameLayout? = nil, _ body: () -> T) -> T {
        let saved = scope
        scope = Scope(parent: saved, frame: frame ?? currentFrame)
        defer { scope = saved }
        return body()
    }

    func withContext<T>(_ change: (inout CheckContext) -> Void, _ body: () -> T) -> T {
        let saved = context
        change(&context)
        defer { context = saved }
        return body()
    }

    /// Reports that a feature is missing, worded per feature; returns whether it is available.
    @discardableResult
    func require(_ feature: Feature, for what: String, _ range: SourceRange) -> Bool {
        if isAvailable(feature) { return true }
        error("\(what) not available yet: \(feature.missingReason)", range)
        return false
    }

    /// Whether code here may use the feature: built, or an action the rule engine records.
    func isAvailable(_ feature: Feature) -> Bool {
        options.available.contains(feature) || (feature == .actions && context.actionsAreRecorded)
    }

    /// Declares a name in the current scope, reporting a duplicate in the same scope.
    func declare(_ symbol: Symbol, what: String = "") {
        if let existing = scope.lookupHere(symbol.name), existing.range != symbol.range {
            error("`\(symbol.name)` is already defined\(what)", symbol.range, hint: firstDefinitionNote(existing.range, in: existing.file))
            return
        }
        scope.declare(symbol)
    }
}
