import VigilCheck
import VigilRuntime
import VigilSeries
import VigilSyntax

/// The settings of one block, read through its declared schema: a value the block leaves
/// out is the declared default, so a binding never writes a default of its own. The checker
/// has already checked each value's type; these are the run-time checks of the values.
struct BlockSettings {
    let schema: BlockSchema
    let decl: BlockDecl
    let file: SourceFile
    let evaluate: (Expr) throws -> Value
    private var given: [String: Setting] = [:]
    /// Every value of a setting that may repeat (`fault`), in source order.
    private var repeated: [String: [Expr]] = [:]

    init(_ decl: BlockDecl, schema: BlockSchema, file: SourceFile, evaluate: @escaping (Expr) throws -> Value) {
        self.schema = schema
        self.decl = decl
        self.file = file
        self.evaluate = evaluate
        for item in decl.items {
            guard case .setting(let s) = item.kind else { continue }
            given[s.key] = s
            repeated[s.key, default: []] += s.values.prefix(1)
        }
    }

    /// The setting as written, if the block has it.
    func setting(_ key: String) -> Setting? { given[key] }

    func fail(_ message: String, _ range: SourceRange) -> RuntimeError { RuntimeError(message, file: file, range: range) }

    private func declaration(_ key: String) -> SettingDeclaration {
        guard let d = schema.setting(key) else { preconditionFailure("`\(schema.kind.rawValue)` declares no setting `\(key)`") }
        return d
    }

    /// The value written for `key`, or nil to take the declared default; a setting with no
    /// default that is missing is an error at the block's name.
    /// Where `key` is written, or the block's name when it takes its default: errors point there.
    func range(of key: String) -> SourceRange { given[key]?.values.first?.range ?? decl.nameRange ?? decl.range }

    private func written(_ key: String) throws -> Expr? {
        if let e = given[key]?.values.first { return e }
        let d = declaration(key)
        guard d.defaultValue == nil else { return nil }
        let example = d.example.map { ", e.g. `\(key) \($0)`" } ?? ""
        throw fail("\(schema.kind.rawValue) `\(decl.name ?? "")` needs `\(key)`\(example)", decl.nameRange ?? decl.range)
    }

    func string(_ key: String) throws -> String {
        guard let e = try written(key) else {
            guard case .string(let s) = declaration(key).defaultValue else { preconditionFailure("`\(key)` has no string default") }
            return s
        }
        guard case .string(let text) = try evaluate(e), !text.isEmpty else {
            throw fail("`\(key)` needs a non-empty string such as \(declaration(key).example ?? "\"text\"")", e.range)
        }
        return text
    }

    func duration(_ key: String) throws -> Milliseconds {
        guard let e = try written(key) else {
            guard case .duration(let s) = declaration(key).defaultValue else { preconditionFailure("`\(key)` has no duration default") }
            return Milliseconds((s * 1000).rounded())
        }
        guard case .number(let v, let unit) = try evaluate(e), unit.dimension == .duration, v >= 0 else {
            throw fail("`\(key)` needs a duration such as \(declaration(key).example ?? "10m")", e.range)
        }
        return try TimeSpanCheck.milliseconds(v, file: file, range: e.range)
    }

    /// A quantity of `dimension` in its base unit (seconds for a duration or a timestamp),
    /// or nil when the block leaves out a setting declared without a default.
    func number(_ key: String, _ dimension: Dimension) throws -> Double? {
        guard let e = given[key]?.values.first else {
            switch declaration(key).defaultValue {
            case .number(let v): return v
            case .duration(let seconds): return seconds
            case nil: return nil
            default: preconditionFailure("`\(key)` has no number default")
            }
        }
        guard case .number(let v, let unit) = try evaluate(e), unit.dimension == dimension, v.isFinite else {
            let kind = dimension == .number ? "a number" : "a \(dimension)"
            throw fail("`\(key)` needs \(kind) such as \(declaration(key).example ?? "1")", e.range)
        }
        return v
    }

    /// Every value written for a setting that may repeat, in source order.
    func all(_ key: String) -> [Expr] { repeated[key] ?? [] }

    /// Percents, as numbers without the sign (`10%` is 10).
    func percents(_ key: String) throws -> [Double] {
        guard let s = given[key] else {
            guard case .percents(let p) = declaration(key).defaultValue else { preconditionFailure("`\(key)` has no percents default") }
            return p
        }
        return try s.values.map { e in
            guard case .number(let v, _) = try evaluate(e) else { throw fail("`\(key)` needs percents such as 10%", e.range) }
            return v
        }
    }

    /// A bare word from the declared list (the checker has already refused others).
    func word(_ key: String) throws -> (word: String, range: SourceRange?) {
        guard let e = try written(key) else {
            guard case .word(let w) = declaration(key).defaultValue else { preconditionFailure("`\(key)` has no word default") }
            return (w, nil)
        }
        guard case .name(let word) = e.kind else { throw fail("`\(key)` needs a name", e.range) }
        return (word, e.range)
    }

    /// An expression setting as written (`judge mann_whitney(…)`), evaluated by the engine.
    func expression(_ key: String) -> Expr? { given[key]?.values.first }
}
