import VigilSyntax

/// Statements and functions: scopes for `let`, parameters and loop variables, rebinding,
/// and the bodies of named functions (nodes of the call graph).
extension CheckPass {
    func checkStatements(_ stmts: [Stmt]) {
        for stmt in stmts { checkStmt(stmt) }
    }

    func checkBody(_ block: Block) {
        withScope { checkStatements(block.stmts) }
    }

    func checkStmt(_ stmt: Stmt) {
        switch stmt.kind {
        case .let(let name, let nameRange, let value):
            let node = scope === globals ? globals.lookupHere(name)?.node : FunctionID(name: name, file: file.path, offset: nameRange.start)
            let t = withContext({ $0.binding = node }) { infer(value) }
            if scope === globals {
                globals.update(name, type: t)
            } else {
                declareLocal(Symbol(name: name, kind: .variable, type: t, file: file, range: nameRange, isRebindable: true))
            }
        case .assign(let name, let nameRange, let op, let value):
            checkAssignment(name, nameRange, op, value)
        case .expr(let e):
            infer(e)
        case .if(let branches, let elseBlock):
            for branch in branches {
                checkCondition(branch.condition, keyword: "if")
                checkBody(branch.body)
            }
            if let elseBlock { checkBody(elseBlock) }
        case .for(let name, let nameRange, let iterable, let body):
            let t = infer(iterable)
            if t.certainlyNotBool, ![.list, .record, .string].contains(t) {
                error("`for` walks a list, record or string, but this is \(describe(t, iterable))", iterable.range,
                      hint: t.dimension == .number ? "count with range(\(text(iterable)))" : nil)
            }
            withScope {
                declareLocal(Symbol(name: name, kind: .variable, type: .unknown, file: file, range: nameRange, isRebindable: true))
                checkStatements(body.stmts)
            }
        case .return(let value):
            if scope === globals {
                error("`return` outside a function", stmt.range, hint: "only a function body can return a value")
            }
            returnTypes.append(value.map { infer($0) } ?? .none)
        case .function(let decl):
            if scope !== globals { declareLocal(Self.functionSymbol(decl, in: file)) }
            checkFunction(decl)
        }
    }

    private func checkAssignment(_ name: String, _ nameRange: SourceRange, _ op: AssignOp, _ value: Expr) {
        let target = scope.lookup(name)
        let t = withContext({ $0.binding = target?.node }) { infer(value) }
        guard let symbol = target else {
            let suggestion = Spelling.closest(to: name, in: scope.visibleNames)
            error("cannot assign to `\(name)`: it is not declared", nameRange,
                  hint: suggestion.map { "did you mean `\($0)`? To declare a new variable, write `let \(name) = …`" }
                      ?? "declare it first: `let \(name) = …`")
            return
        }
        recordResolution(of: symbol, name, at: nameRange)
        guard symbol.isRebindable else {
            error("cannot assign to `\(name)`: only variables declared with `let` can be rebound", nameRange,
                  hint: firstDefinitionNote(symbol.range, in: symbol.file).replacingOccurrences(of: "the first definition", with: "its definition"))
            return
        }
        noteTopLevelAssignment(to: symbol, at: nameRange)
        if op != .set {
            let target = Expr(.name(name), nameRange)
            checkUnits(op == .add ? .add : .sub, target, symbol.type, value, t)
        } else if scope.lookupHere(name) != nil || symbol.type == t {
            scope.update(name, type: t)
        } else {
            scope.update(name, type: .unknown)  // rebound in an inner scope (a loop): either type may hold later
        }
    }

    /// Walks a named function's body in its own scope, as a node of the call graph.
    func checkFunction(_ decl: FunctionDecl) {
        let id = FunctionID(name: decl.name, file: file.path, offset: decl.nameRange.start)
        callGraph.addFunction(id)
        let savedReturns = returnTypes
        returnTypes = []
        defer { returnTypes = savedReturns }
        // A top-level function sees only globals; a nested one keeps its enclosing frame.
        let frame = FrameLayout(parent: scope === globals ? nil : currentFrame)
        withContext({ $0.function = id; $0.binding = nil; $0.pureContext = nil; $0.baselineType = nil }) {
            withScope(frame: frame) {
                declareParameters(decl.function.params)
                switch decl.function.body {
                case .expression(let body): returnTypes.append(infer(body))
                case .block(let block): checkStatements(block.stmts)
                }
            }
        }
        if let first = returnTypes.first, returnTypes.allSatisfy({ $0 == first }) { functionReturnTypes[id] = first }
    }
}
