/// What an editor or the REPL offers as the user types a name: the builtins the surface
/// declares, limited to the features that are built (so `slo` is not offered until it runs).
extension LanguageSurface {
    /// The names of builtins starting with `prefix`, sorted, each once.
    public func completions(of prefix: String, available: Set<Feature>) -> [String] {
        var names = Set<String>()
        for b in builtins where b.name.hasPrefix(prefix) && available.contains(b.feature) { names.insert(b.name) }
        return names.sorted()
    }
}
