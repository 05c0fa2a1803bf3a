import VigilSyntax

/// The modules already checked during one `Checker.check`, shared by the pass of the file
/// and the passes of every module it imports, so a module imported twice is reported once.
final class CheckedModules {
    var paths: Set<String> = []
}

extension CheckPass {
    /// Checks an imported module's own body like the main file: its errors, reported at the
    /// module's path, stop the program before it runs instead of surfacing (or crashing) later.
    func checkModuleBody(_ module: Program) {
        guard checkedModules.paths.insert(module.file.path).inserted else { return }
        let pass = CheckPass(program: module, loader: loader, options: options, checkedModules: checkedModules)
        pass.run()
        diagnostics += pass.diagnostics
        resolutions.merge(pass.resolutions)
    }
}
