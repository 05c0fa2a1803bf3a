import Foundation

/// The call-depth limit. The checker refuses recursion, but a function handed around as a
/// value (or REPL input, which skips the checker) can still reach itself, and the run must
/// then stop with an error, never by overflowing the stack. The hot path is an increment,
/// a mask test and a decrement. Every 4th level the slow path checks the hard limit and
/// the stack used, because what one level costs depends on the code: a debug build spends
/// about 4 KB on a plain call and 9 KB on one inside a nested expression.
extension StepCounter {
    static let maxDepth = 1024
    /// How often (in levels) the slow path runs; `maxDepth` is a multiple of it.
    static let depthCheckInterval = 4

    /// Counts a step and enters a user function; pair with `leave(site)` in a `defer` once entered.
    @inline(__always) mutating func enter(_ site: Site) throws {
        steps &+= 1
        if steps >= nextCheck { try slowCheck(site) }
        callPath &+= Self.mark(site, depth)
        depth &+= 1
        if depth & (Self.depthCheckInterval - 1) == 0 { try checkDepth(site) }
    }

    @inline(__always) mutating func leave(_ site: Site) {
        depth &-= 1
        callPath &-= Self.mark(site, depth)
    }

    /// One call's share of `callPath`: the call's position and its depth, mixed so that the
    /// same calls at other depths, or other calls at these depths, add up differently.
    @inline(__always) static func mark(_ site: Site, _ depth: Int) -> Int {
        var x = site.file.pathHash &+ UInt(site.range.start) &* 0x100_0000_01B3
            &+ UInt(depth) &* 0x5851_F42D_4C95_7F2D
        x = (x ^ (x >> 31)) &* 0x9E37_79B9_7F4A_7C15
        return Int(bitPattern: x ^ (x >> 29))
    }

    mutating func checkDepth(_ site: Site) throws {
        guard depth >= Self.maxDepth || Self.stackAddress() < stackTop &- stackRoom else { return }
        let reached = depth
        // The caller registers its `leave` only once `enter` returns.
        depth &-= 1
        callPath &-= Self.mark(site, depth)
        throw site.error("call depth exceeded: \(reached) nested calls",
                         hint: "a function reaches itself, through a function value or a lambda; Vigil forbids recursion so every run terminates: rewrite it with `for` over a finite list, or with fold")
    }

    /// Notes where a run starts on the stack, and how much of the thread's stack calls may use:
    /// all but an eighth (at least 256 KB), kept for the levels until the next check and for
    /// throwing the error. Only the main thread's size is known (its rlimit); vigil runs
    /// programs there, and any other thread is assumed to have 512 KB.
    mutating func markStackTop() {
        stackTop = Self.stackAddress()
        let size = Thread.isMainThread ? Self.mainThreadStackSize : 512 * 1024
        stackRoom = size - max(size / 8, 256 * 1024)
    }

    private static let mainThreadStackSize: UInt = {
        var limit = rlimit()
        // Unlimited (all ones) or unreadable: assume the usual 8 MB.
        guard getrlimit(RLIMIT_STACK_RESOURCE, &limit) == 0, limit.rlim_cur < 1 << 40 else { return 8 << 20 }
        return UInt(limit.rlim_cur)
    }()

    #if os(Linux)
    private static let RLIMIT_STACK_RESOURCE = __rlimit_resource_t(RLIMIT_STACK.rawValue)
    #else
    private static let RLIMIT_STACK_RESOURCE = RLIMIT_STACK
    #endif

    /// An address in the caller's stack frame.
    @inline(never) private static func stackAddress() -> UInt {
        var marker = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }
}
