import ArgumentParser

/// `--source KIND=URL`: where live series come from. Prometheus is the one kind so far.
struct LiveSource: Equatable {
    enum Kind: String, CaseIterable { case prometheus }

    let kind: Kind
    let url: String

    /// Reads `prometheus=http://127.0.0.1:9090`; a usage error (exit 2) for anything else.
    init(parsing text: String) throws {
        guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
            throw ValidationError("--source expects KIND=URL such as prometheus=http://127.0.0.1:9090, got `\(text)`")
        }
        let name = String(text[..<equals])
        guard let kind = Kind(rawValue: name) else {
            let known = Kind.allCases.map(\.rawValue).joined(separator: ", ")
            throw ValidationError("--source: unknown source kind `\(name)` (known: \(known)); e.g. prometheus=http://127.0.0.1:9090")
        }
        let url = String(text[text.index(after: equals)...])
        guard !url.isEmpty else { throw ValidationError("--source \(name)= needs a URL, e.g. \(name)=http://127.0.0.1:9090") }
        self.kind = kind
        self.url = url
    }
}
