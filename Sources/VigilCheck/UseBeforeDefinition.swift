import VigilSyntax

/// A name a top-level statement reads, calls, stores or assigns. Top-level statements run in
/// source order and a top-level `let` holds `none` until its line has run, so a use before
/// that line would silently see `none`. Policies, rules, signals and canaries run after every
/// top-level statement, so they are never recorded here.
struct TopLevelUse {
    enum Kind {
        /// Read or called now: what it runs must not read a later `let` either.
        case read
        /// Stored in a variable (`let h = f`): nothing runs until the variable is called.
        case store
        /// Rebound with `x = …` or `x += …`.
        case assignment
    }
    var node: FunctionID
    var range: SourceRange
    var statement: SourceRange
    var kind: Kind
}

extension CheckPass {
    /// Records that the code being walked reads, calls or names `node`: an edge of the call
    /// graph inside a function or stored lambda, a top-level use in a top-level statement.
    func noteUse(of node: FunctionID?, at range: SourceRange, isCall: Bool) {
        guard let node else { return }
        if let caller = context.function {
            callGraph.addCall(from: caller, to: node, at: range, isCall: isCall)
        } else if let statement = context.topLevelStatement {
            if let variable = context.binding, variable != node { callGraph.addStore(into: variable, of: node, at: range) }
            topLevelUses.append(TopLevelUse(node: node, range: range, statement: statement, kind: context.binding == nil ? .read : .store))
        }
    }

    func noteTopLevelAssignment(to symbol: Symbol, at range: SourceRange) {
        guard context.function == nil, let statement = context.topLevelStatement, let node = symbol.node else { return }
        topLevelUses.append(TopLevelUse(node: node, range: range, statement: statement, kind: .assignment))
    }

    func reportUsesBeforeDefinition() {
        for use in topLevelUses {
            let name = use.node.name
            if let definition = laterTopLevelLet(use.node, after: use.statement) {
                if definition.range.start < use.statement.end {  // `let x = x + 1`: the let is this very statement
                    error("`\(name)` is used in its own definition, before it has a value", use.range,
                          hint: "give `\(name)` a first value that does not use it")
                } else {
                    let verb = use.kind == .assignment ? "assigned" : "used"
                    error("`\(name)` is \(verb) before its definition on line \(line(of: definition))", use.range,
                          hint: "move `let \(name) = …` above this line")
                }
            } else if use.kind == .read,
                      let chain = callGraph.path(from: use.node, to: { laterTopLevelLet($0, after: use.statement) != nil }),
                      let global = chain.last, let definition = laterTopLevelLet(global, after: use.statement) {
                let via = chain.dropLast().map(\.name)
                let through = via.count > 1 ? " (through \(via.joined(separator: " → ")))" : ""
                error("`\(name)` reads `\(global.name)`\(through) before `let \(global.name)` on line \(line(of: definition)) runs", use.range,
                      hint: "move `let \(global.name) = …` above this line, or use `\(name)` after it")
            }
        }
    }

    /// The top-level `let` of this file that declares `node`, if it comes after the start of `statement`.
    private func laterTopLevelLet(_ node: FunctionID, after statement: SourceRange) -> Symbol? {
        guard node.file == file.path, node.offset > statement.start, let symbol = globals.lookupHere(node.name),
              case .variable = symbol.kind, symbol.node == node else { return nil }
        return symbol
    }

    private func line(of symbol: Symbol) -> Int { file.location(of: symbol.range.start).line }
}
