import VigilSyntax

/// Where a call stands in the source: the file's identity and the call's offset. The
/// per-call-site caches key on it plus a few strings (function, narrowing), but hash it
/// alone: the strings rarely differ between two keys at one position, and hashing them at
/// every evaluation cost more than the lookup.
struct CallPosition: Hashable {
    /// The source file's identity; a cache entry keeps its file alive, so the identity
    /// cannot pass to another file while the entry exists.
    let file: ObjectIdentifier
    let offset: Int

    init(_ file: SourceFile, _ offset: Int) {
        self.file = ObjectIdentifier(file)
        self.offset = offset
    }
}
