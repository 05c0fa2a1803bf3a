/// Source files must be UTF-8. A file that is not gets one located error naming the first
/// bad byte, not a bare "cannot read" or an error at 1:1.
extension SourceFile {
    /// The file read from `bytes`, or a diagnostic at the first byte that is not valid
    /// UTF-8 ("the file is not UTF-8 text: its first bad byte, 0xFF, is at 3:7").
    public static func decode(path: String, bytes: [UInt8]) -> Result<SourceFile, Diagnostic> {
        guard let bad = firstInvalidUTF8(bytes) else {
            return .success(SourceFile(path: path, text: String(decoding: bytes, as: UTF8.self)))
        }
        // Every byte before `bad` is valid, so offsets up to it are the same in the repaired
        // text, and the caret lands on the replacement character.
        let shown = SourceFile(path: path, text: String(decoding: bytes, as: UTF8.self))
        let hex = String(bytes[bad], radix: 16, uppercase: true)
        let byte = "0x" + (hex.count == 1 ? "0" + hex : hex)
        let at = shown.location(of: bad)
        return .failure(Diagnostic(.error, "the file is not UTF-8 text: its first bad byte, \(byte), is at \(at)",
                                   file: shown, range: SourceRange(bad, bad + 1),
                                   hint: "save the file as UTF-8 (for example `iconv -f LATIN1 -t UTF-8`)"))
    }

    /// The offset of the first byte that does not belong to a valid UTF-8 sequence.
    public static func firstInvalidUTF8(_ bytes: [UInt8]) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }
}
