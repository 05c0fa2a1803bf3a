/// Compile-time record of one function activation being compiled. Which slot each local
/// takes, how many frames out a name lives and whether a `let` defines a global are the
/// checker's (`Resolution`); this only tracks what the frame needs: its size (one past the
/// highest slot the resolver gave a declaration compiled here), whether closures may keep
/// the frame alive, and the frames it is nested in, so a read compiles only where the
/// frame it reads has the slot.
final class FunctionScope {
    /// The scope of the frame a closure compiled here captures: the enclosing function's,
    /// or nil for code that runs in a fresh frame of its own.
    let parent: FunctionScope?
    private(set) var slotCount = 0
    /// Whether code in this scope creates a lambda or nested function (which may keep the
    /// frame alive after the call returns).
    var createsClosures = false

    init(parent: FunctionScope? = nil) {
        self.parent = parent
    }

    /// Notes that a declaration compiled here stores into `slot` of this frame.
    func use(_ slot: Int) { slotCount = max(slotCount, slot + 1) }

    /// Whether code compiled here may read `slot` of the frame `depth` out: that frame's
    /// code has declared it. Frames read their slots unchecked, so a binding the checker laid
    /// out in a frame this code does not run in (a block's name that the layer compiles
    /// apart) must not compile to a read.
    func holds(depth: Int, slot: Int) -> Bool {
        var scope: FunctionScope? = self
        for _ in 0..<depth { scope = scope?.parent }
        guard let scope else { return false }
        return slot < scope.slotCount
    }
}

/// Where a name lives once resolved.
enum Binding {
    /// A slot `depth` frames out from the current one (0 is the current frame).
    case local(depth: Int, slot: Int)
    case global(slot: Int)
    case builtin(Builtin)
    /// A name lent by the compile environment (a signal), read by calling its thunk.
    case external(() throws -> Value)
    /// `baseline` as the checker resolved it, computed by the environment's hook.
    case baseline((BaselineRequest) throws -> BaselineEvaluator)
}
