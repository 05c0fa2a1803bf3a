/// A bound on how deeply the tree may nest. Every pass after the parser — checker,
/// compiler, formatter, evaluator — walks the tree recursively, so thousands of nested
/// parentheses, `if`s or unary minuses, or a flat sum of thousands of terms (a tree as
/// deep as it has terms), would overflow the stack and crash. The parser refuses such
/// input with one located error instead and stops reading the file.
extension Parser {
    /// The deepest nesting accepted: far beyond any hand-written program, and shallow
    /// enough that every later pass stays well inside a thread's stack even in a debug build.
    public static let maxNesting = 256

    /// Enters one more level of nesting (an expression, a block, an operand of a unary
    /// operator, or one more link of an operator or postfix chain) at `range`. The caller
    /// leaves it with `depth -= 1`; when the limit is passed nothing is entered.
    mutating func descend(_ range: SourceRange) throws {
        guard depth < Self.maxNesting else {
            if !tooDeep {
                report("expression nested too deeply (more than \(Self.maxNesting) levels)", range,
                       hint: "split it into smaller parts with `let` bindings or functions")
            }
            tooDeep = true
            throw ParseAbort()
        }
        depth += 1
    }
}
