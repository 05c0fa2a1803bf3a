import VigilSyntax

/// Everything the checker knows a program may name: the builtin table and the settings of
/// each block. The core builds part of it (`LanguageSurface.core`); each engine binding adds
/// its own builtins and blocks, and the library hands the checker the sum in `CheckOptions`,
/// so the checker holds no list of engines.
public struct LanguageSurface: Sendable {
    /// Every builtin and action, in table order (overloads are separate entries).
    public let builtins: [Builtin]
    public let blocks: [BlockKind: BlockSchema]
    private let byName: [String: [Builtin]]

    public init(builtins: [Builtin], blocks: [BlockSchema]) {
        self.builtins = builtins
        self.blocks = Dictionary(blocks.map { ($0.kind, $0) }, uniquingKeysWith: { _, last in last })
        byName = Dictionary(grouping: builtins, by: \.name)
    }

    /// Every overload of `name`, in table order; empty when there is no such builtin.
    public func lookup(_ name: String) -> [Builtin] { byName[name] ?? [] }

    public var names: Set<String> { Set(byName.keys) }

    /// This surface with an engine's builtins and blocks added.
    public func adding(builtins more: [Builtin], blocks moreBlocks: [BlockSchema]) -> LanguageSurface {
        LanguageSurface(builtins: builtins + more, blocks: Array(blocks.values) + moreBlocks)
    }

    /// The language without any engine binding: core, series and action builtins, the core
    /// blocks, and the declarations of engines that are planned but not built yet (so a call
    /// of `burn_rate` is "not available yet", not unknown).
    public static let core = LanguageSurface(
        builtins: Builtin.coreBuiltins + Builtin.seriesBuiltins + Builtin.plannedEngineBuiltins + Builtin.actionBuiltins,
        blocks: BlockSchema.core)
}

/// What a block kind needs built, and the `key value` settings it accepts.
public struct BlockSchema: Sendable {
    public let kind: BlockKind
    public let feature: Feature
    public let settings: [SettingDeclaration]

    public init(_ kind: BlockKind, feature: Feature, settings: [SettingDeclaration] = []) {
        self.kind = kind
        self.feature = feature
        self.settings = settings
    }

    public func setting(_ key: String) -> SettingDeclaration? { settings.first { $0.key == key } }

    /// The blocks of the core and of engines not built yet; a built engine declares its own.
    static let core: [BlockSchema] = [
        BlockSchema(.service, feature: .series, settings: [
            .init("owner", .string, doc: "Who owns the service."), .init("team", .string, doc: "The owning team.")]),
        BlockSchema(.policy, feature: .core),
        BlockSchema(.test, feature: .tests, settings: [
            .init("interval", .duration, doc: "The spacing of the samples written in the test."),
            .init("every", .duration, doc: "How often the rules are evaluated."),
            .init("start", .timestamp, doc: "When the first sample is.")]),
    ]
}

/// One `key value` setting of a block: its type, its default (nil: none, the engine decides
/// or requires it) and what it means. The checker checks values against the type; the
/// engine binding reads values through it, so the default is written once.
public struct SettingDeclaration: Sendable {
    public let key: String
    public let type: SettingType
    public let defaultValue: SettingDefault?
    public let doc: String
    /// A value as written, for messages about a missing or wrong one: `"v1.4.2"`.
    public let example: String?

    public init(_ key: String, _ type: SettingType, default defaultValue: SettingDefault? = nil, doc: String,
                example: String? = nil) {
        self.key = key
        self.type = type
        self.defaultValue = defaultValue
        self.doc = doc
        self.example = example
    }
}

/// The value a setting has when a block leaves it out.
public enum SettingDefault: Sendable, Equatable {
    case duration(seconds: Double)
    case string(String)
    case word(String)
    case number(Double)
    /// Shares as fractions, as a percent evaluates: `[0.1, 0.5]` is `10%, 50%`.
    case percents([Double])
}
