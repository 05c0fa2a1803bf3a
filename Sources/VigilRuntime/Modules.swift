import VigilSyntax

/// Modules already executed in a session, by resolved file path, so each runs once.
final class ModuleCache {
    var exports: [String: [(String, Value)]] = [:]
    /// Modules being loaded right now, to report an import cycle instead of recursing.
    var loading: Set<String> = []
}

extension Interpreter {
    /// Executes the imported program (once per resolved file) and binds its top-level names:
    /// all of them as globals, or one record under the alias.
    func bindImport(_ imp: ImportDecl, _ range: SourceRange, _ file: SourceFile, _ resolver: ImportResolver?) throws {
        guard let resolver else {
            throw RuntimeError("cannot import \"\(imp.path)\": no module resolver is configured", file: file, range: imp.pathRange)
        }
        let program: Program
        switch resolver(imp, file) {
        case .success(let p): program = p
        case .failure(let d):
            if d.file === file { throw RuntimeError(d.message, hint: d.hint, file: d.file, range: d.range) }
            throw RuntimeError("cannot import \"\(imp.path)\": \(d.message)", hint: d.hint, file: file, range: imp.pathRange)
        }
        let key = program.file.path
        let exports: [(String, Value)]
        if let cached = modules.exports[key] {
            exports = cached
        } else {
            if modules.loading.contains(key) {
                throw RuntimeError("import cycle: \"\(imp.path)\" is already being imported", file: file, range: imp.pathRange)
            }
            modules.loading.insert(key)
            defer { modules.loading.remove(key) }
            let module = Interpreter(machine: machine, modules: modules)
            for b in builtins.values { module.register(b) }
            module.checkOptions = checkOptions
            // Checked with the importer (`CheckPass.checkModuleBody`), or else on its own now.
            try module.load(program, resolver: resolver, checked: resolutions.covers(key) ? resolutions : nil)
            try module.run()
            exports = module.exports
            // A module's services and rules are part of the program that imports it: the
            // layers that replay, test and watch rules read the importer's lists. Its tests,
            // canaries and policies stay its own (run them by naming the module's file).
            rules += module.rules
            receivers += module.receivers
            blocks += module.blocks.filter { $0.decl.kind == .service }
            modules.exports[key] = exports
        }
        if let alias = imp.alias {
            globals[globals.define(alias)] = .record(Record(exports))
        } else {
            for (name, value) in exports {
                var isFunction = false
                if case .function = value { isFunction = true }
                globals[globals.define(name, isFunction: isFunction)] = value
            }
        }
    }
}
