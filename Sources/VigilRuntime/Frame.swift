/// Compiled code: an expression (or a function body) evaluated in a frame.
typealias Evaluator = (Frame) throws -> Value

/// Compiled statement: nil to carry on, the returned value when a `return` ran.
typealias Executor = (Frame) throws -> Value?

struct FrameHeader {
    let parent: Frame?
    let count: Int
}

/// The local slots of one function activation (or a chunk of globals), in one allocation.
/// Element access goes through raw pointers, so it costs no exclusivity check and no
/// bounds check: slot indices are the checker's layout, which the compiler admits only where
/// the frame declares the slot (`FunctionScope.holds`), never user data.
final class Frame: ManagedBuffer<FrameHeader, Value> {
    static func make(size: Int, parent: Frame?) -> Frame {
        let buffer = Frame.create(minimumCapacity: size) { _ in FrameHeader(parent: parent, count: size) }
        let frame = unsafeDowncast(buffer, to: Frame.self)
        frame.withUnsafeMutablePointerToElements { $0.initialize(repeating: .none, count: size) }
        return frame
    }

    deinit {
        // An element-by-element loop specialises to Value; `deinitialize(count:)` on the
        // whole range goes through the generic array-destroy entry point, which is slower
        // for the handful of slots a frame has.
        withUnsafeMutablePointers { header, elements in
            for i in 0..<header.pointee.count { (elements + i).deinitialize(count: 1) }
        }
    }

    @inline(__always) var parent: Frame? { header.parent }

    @inline(__always) subscript(slot: Int) -> Value {
        get { withUnsafeMutablePointerToElements { $0[slot] } }
        set { withUnsafeMutablePointerToElements { $0[slot] = newValue } }
    }

    /// Stores a value the caller gives up (an argument), moving it in rather than copying it.
    @inline(__always) func store(_ slot: Int, _ value: consuming Value) {
        withUnsafeMutablePointerToElements { ($0 + slot).pointee = value }
    }

    /// Resets every slot to none, releasing what the slots held.
    @inline(__always) func clear() {
        withUnsafeMutablePointers { header, elements in
            for i in 0..<header.pointee.count { (elements + i).pointee = .none }
        }
    }

    /// The frame `depth` levels out (0 is this one).
    @inline(__always) func outer(_ depth: Int) -> Frame {
        var f = self
        for _ in 0..<depth {
            guard let p = f.parent else { return f }
            f = p
        }
        return f
    }
}

/// Global variables in fixed chunks that never move, so compiled code holds the chunk of
/// its global directly and the table can grow as a REPL session defines more names.
final class GlobalTable {
    static let chunkSize = 256
    private(set) var chunks: [Frame] = []
    private(set) var names: [String: Int] = [:]
    private(set) var order: [String] = []
    /// Globals bound by `fn`, which assignment may not rebind.
    private(set) var functions: Set<String> = []

    /// The slot of `name`, creating it when it does not exist yet.
    func define(_ name: String, isFunction: Bool = false) -> Int {
        if isFunction { functions.insert(name) } else { functions.remove(name) }
        if let slot = names[name] { return slot }
        let slot = order.count
        if slot / Self.chunkSize >= chunks.count { chunks.append(Frame.make(size: Self.chunkSize, parent: nil)) }
        names[name] = slot
        order.append(name)
        return slot
    }

    func slot(of name: String) -> Int? { names[name] }

    func location(_ slot: Int) -> (Frame, Int) { (chunks[slot / Self.chunkSize], slot % Self.chunkSize) }

    subscript(slot: Int) -> Value {
        get { let (c, i) = location(slot); return c[i] }
        set { let (c, i) = location(slot); c[i] = newValue }
    }
}
