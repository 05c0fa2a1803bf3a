import VigilCheck

/// The builtin table as JSON (`vigil doc --format json`), for editors and grammars: one
/// object per entry (overloads are separate entries), in the table's order.
public enum BuiltinCatalogJSON {
    public static func render(_ builtins: [Builtin], available: Set<Feature>) -> String {
        JSONValue.array(builtins.map { b in
            .object([
                ("name", .string(b.name)),
                ("signature", .string(b.signature)),
                ("category", .string(b.category.rawValue)),
                ("feature", .string(b.feature.rawValue)),
                ("available", .bool(available.contains(b.feature))),
                ("effect", .bool(b.hasEffect)),
                ("parameters", .array(b.parameters.map { p in
                    .object([
                        ("name", .string(p.name)),
                        ("accepts", .array(p.accepts.map { .string($0.rawValue) })),
                        ("required", .bool(p.required)),
                        ("named_only", .bool(p.namedOnly)),
                    ])
                })),
                ("variadic", .bool(b.variadic)),
                ("result", .string(result(b.result))),
                ("doc", .string(b.doc)),
                ("example", .string(b.example)),
            ])
        }).render()
    }

    private static func result(_ r: BuiltinResult) -> String {
        switch r {
        case .kind(let k): k.rawValue
        case .sameAsArgument(let i): "same as argument \(i + 1)"
        }
    }
}
