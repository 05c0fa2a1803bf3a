/// What an editor or the REPL offers as the user types a name: the builtins the table
/// declares, limited to the features that are built (so `slo` is not offered until it runs).
extension Builtin {
    /// The names of builtins starting with `prefix`, sorted, each once.
    public static func completions(of prefix: String, available: Set<Feature> = Feature.built) -> [String] {
        var names = Set<String>()
        for b in all where b.name.hasPrefix(prefix) && available.contains(b.feature) { names.insert(b.name) }
        return names.sorted()
    }
}
