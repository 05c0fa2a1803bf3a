/// `vigil fmt`: prints a program in the one canonical style. Literals come back exactly as
/// the user wrote them (sliced from the source), comments are kept, and parentheses appear
/// only where precedence needs them, so `format` is idempotent and never changes the tree.
public enum Formatter {
    /// The canonical text of `program`. Format only a program that parsed without errors:
    /// a declaration the parser could not read is not in the tree, so it would not be printed.
    public static func format(_ program: Program) -> String {
        let printer = FormatPrinter(program)
        let lines = printer.lines(program.decls.map(printer.node), indent: 0, until: program.file.bytes.count)
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }
}

/// One line-level element to lay out: where it was in the source, and how to print it at
/// a given indentation (the text may span lines when it holds a block).
struct FormatNode {
    var range: SourceRange
    var render: (_ indent: Int) -> String
}

/// The state of one formatting run: the source (to slice literals from) and the comments
/// not yet printed. It is a class because nested blocks and expressions all draw from
/// the same comment cursor, in source order.
final class FormatPrinter {
    let file: SourceFile
    let comments: [Comment]
    var nextComment = 0
    /// Comments already printed out of order (inside multi-line lists); the cursor skips them.
    var claimed = Set<Int>()

    init(_ program: Program) {
        file = program.file
        comments = program.comments.sorted { $0.range.start < $1.range.start }
    }

    func pad(_ indent: Int) -> String { String(repeating: "  ", count: indent) }

    /// The source text of a literal or name, exactly as written.
    func source(_ range: SourceRange) -> String { file.slice(range) }
}
