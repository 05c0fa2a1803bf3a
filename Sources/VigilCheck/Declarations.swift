import VigilSyntax

/// The first pass: every top-level name, so functions and blocks can be used before the
/// line that declares them, and the names brought in by imports.
extension CheckPass {
    static func functionSymbol(_ decl: FunctionDecl, in file: SourceFile) -> Symbol {
        let id = FunctionID(name: decl.name, file: file.path, offset: decl.nameRange.start)
        let required = decl.function.params.filter { $0.defaultValue == nil }.count
        return Symbol(name: decl.name, kind: .function(id), type: .function(minArity: required, maxArity: decl.function.params.count),
                      file: file, range: decl.nameRange, parameters: decl.function.params)
    }

    static func serviceSymbol(_ block: BlockDecl, name: String, range: SourceRange, in file: SourceFile) -> Symbol {
        var signals: [String: Symbol] = [:]
        for item in block.items {
            guard case .signal(let signal, let signalRange, _) = item.kind, signals[signal] == nil else { continue }
            signals[signal] = Symbol(name: signal, kind: .signal(service: name), type: .unknown, file: file, range: signalRange)
        }
        return Symbol(name: name, kind: .service(signals: signals), type: .handle(.service), file: file, range: range)
    }

    /// The names a module exports: its functions, top-level lets, services and named blocks.
    static func exportedSymbols(of program: Program) -> [String: Symbol] {
        var out: [String: Symbol] = [:]
        for decl in program.decls {
            switch decl.kind {
            case .statement(let stmt):
                if case .function(let f) = stmt.kind { out[f.name] = functionSymbol(f, in: program.file) }
                if case .let(let name, let range, _) = stmt.kind {
                    out[name] = Symbol(name: name, kind: .variable, type: .unknown, file: program.file, range: range)
                }
            case .block(let block):
                guard let name = block.name, let range = block.nameRange, block.kind.nameStyle != .string else { continue }
                if block.kind == .service {
                    out[name] = serviceSymbol(block, name: name, range: range, in: program.file)
                } else if out[name] == nil, [.slo, .budget, .canary].contains(block.kind) {
                    out[name] = Symbol(name: name, kind: .block(block.kind), type: .handle(ValueKind(rawValue: block.kind.rawValue) ?? .any),
                                       file: program.file, range: range)
                }
            default:
                continue
            }
        }
        return out
    }

    func collectImports() {
        for decl in program.decls {
            guard case .import(let imp) = decl.kind else { continue }
            guard let loader else {
                error("cannot import \"\(imp.path)\": no module loader was given to the checker", imp.pathRange)
                continue
            }
            switch loader(imp, file) {
            case .failure(let d):
                diagnostics.append(d)
            case .success(let module):
                checkModuleBody(module)
                let exported = Self.exportedSymbols(of: module)
                if let alias = imp.alias, let aliasRange = imp.aliasRange {
                    scope = globals
                    declare(Symbol(name: alias, kind: .module(exported), type: .unknown, file: file, range: aliasRange))
                } else {
                    for symbol in exported.values { importScope.declare(symbol) }
                }
            }
        }
    }

    /// Declares the top-level `let`s and `fn`s; each one's name resolves to a global, so the
    /// compiler defines a global there (and hoists the function) rather than a frame slot.
    func collectGlobals() {
        scope = globals
        for decl in program.decls {
            switch decl.kind {
            case .statement(let stmt):
                if case .function(let f) = stmt.kind {
                    declare(Self.functionSymbol(f, in: file))
                    recordResolution(.global, f.name, at: f.nameRange)
                    callGraph.addFunction(FunctionID(name: f.name, file: file.path, offset: f.nameRange.start))
                }
                if case .let(let name, let range, _) = stmt.kind {
                    declare(Symbol(name: name, kind: .variable, type: .unknown, file: file, range: range, isRebindable: true))
                    recordResolution(.global, name, at: range)
                }
            case .block(let block):
                collectBlock(block)
            case .rule(let rule):
                noteRuleName(rule)
            default:
                continue
            }
        }
    }

    private func collectBlock(_ block: BlockDecl) {
        for item in block.items { if case .rule(let r) = item.kind { noteRuleName(r) } }
        guard let name = block.name, let range = block.nameRange else { return }
        if let first = blocks[block.kind]?[name] {
            error("\(block.kind.rawValue) `\(name)` is already defined", range, hint: firstDefinitionNote(first))
            return
        }
        blocks[block.kind, default: [:]][name] = range
        guard block.kind.nameStyle != .string else { return }
        switch block.kind {
        case .service:
            let symbol = Self.serviceSymbol(block, name: name, range: range, in: file)
            if let existing = globals.lookupHere(name), case .block(.canary) = existing.kind {
                globals.declare(symbol)  // `checkout` names the service; its canary shares the name.
            } else {
                declare(symbol)
            }
            reportDuplicateSignals(block)
        case .slo, .budget, .canary:
            if let existing = globals.lookupHere(name) {
                if case .service = existing.kind, block.kind == .canary { return }
                if case .block(let k) = existing.kind, k != block.kind, block.kind == .canary || k == .canary { return }
            }
            declare(Symbol(name: name, kind: .block(block.kind), type: .handle(ValueKind(rawValue: block.kind.rawValue) ?? .any),
                           file: file, range: range))
        default:
            return
        }
    }

    private func reportDuplicateSignals(_ block: BlockDecl) {
        var seen: [String: SourceRange] = [:]
        for item in block.items {
            guard case .signal(let name, let range, _) = item.kind else { continue }
            if let first = seen[name] {
                error("signal `\(name)` is already defined", range, hint: firstDefinitionNote(first))
            } else {
                seen[name] = range
            }
        }
    }

    private func noteRuleName(_ rule: RuleDecl) {
        guard let name = rule.name, let range = rule.nameRange else { return }
        if let first = ruleNames[name] {
            error("rule \"\(name)\" is already defined", range, hint: firstDefinitionNote(first))
        } else {
            ruleNames[name] = range
        }
    }
}
