/// Compile-time view of one function activation: which names live in which frame slot.
/// Every `let` gets a fresh slot (shadowing never overwrites the outer binding); the frame
/// size is the number of slots ever handed out.
final class FunctionScope {
    let parent: FunctionScope?
    /// True for the top-level code of a program, whose outermost `let`s are globals.
    let isTopLevel: Bool
    private var blocks: [[String: Int]] = [[:]]
    private(set) var slotCount = 0
    /// Whether code in this scope creates a lambda or nested function (which may keep the
    /// frame alive after the call returns).
    var createsClosures = false

    init(parent: FunctionScope?, isTopLevel: Bool = false) {
        self.parent = parent
        self.isTopLevel = isTopLevel
    }

    /// At the outermost level of top-level code, where `let` defines a global.
    var atGlobalLevel: Bool { isTopLevel && blocks.count == 1 }

    func pushBlock() { blocks.append([:]) }
    func popBlock() { blocks.removeLast() }

    func declare(_ name: String) -> Int {
        let slot = slotCount
        slotCount += 1
        blocks[blocks.count - 1][name] = slot
        return slot
    }

    func localSlot(of name: String) -> Int? {
        for block in blocks.reversed() {
            if let slot = block[name] { return slot }
        }
        return nil
    }

    /// Every local name visible here, for "did you mean" hints.
    var visibleNames: [String] {
        blocks.flatMap(\.keys) + (parent?.visibleNames ?? [])
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
