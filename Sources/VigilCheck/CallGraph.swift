import VigilSyntax

/// Which user function calls which, and which actions each performs directly. Recursion
/// and purity both need the transitive picture, so they are judged once the whole file
/// has been walked. A variable that may hold a lambda is a node too: calling it runs the
/// lambda, and a lambda that names (without calling) a function may still have it called,
/// by a builtin or a function it is passed to, so a mere reference is an edge as well.
/// Top-level code that stores a value in a variable (`let h = f`) adds a store edge: calling
/// the variable later runs what it holds.
struct CallGraph {
    struct Call {
        var callee: FunctionID
        var range: SourceRange
        /// False for a reference that is not a call (`apply(f, x)`, `r.name`).
        var isCall = true
        /// True for a value stored by top-level code: it runs nothing by itself, so it is never
        /// a step of a cycle, but what reads the variable may run what it holds.
        var isStore = false
    }
    struct Effect { var name: String; var range: SourceRange }

    private(set) var calls: [FunctionID: [Call]] = [:]
    private(set) var effects: [FunctionID: [Effect]] = [:]
    private(set) var functions: [FunctionID] = []

    mutating func addFunction(_ id: FunctionID) {
        if calls[id] == nil { functions.append(id); calls[id] = [] }
    }

    mutating func addCall(from caller: FunctionID, to callee: FunctionID, at range: SourceRange, isCall: Bool = true) {
        calls[caller, default: []].append(Call(callee: callee, range: range, isCall: isCall))
    }

    mutating func addStore(into variable: FunctionID, of value: FunctionID, at range: SourceRange) {
        calls[variable, default: []].append(Call(callee: value, range: range, isCall: false, isStore: true))
    }

    mutating func addEffect(in function: FunctionID, name: String, at range: SourceRange) {
        effects[function, default: []].append(Effect(name: name, range: range))
    }

    /// The first action reachable from `start`, with the chain of functions leading to it.
    func firstEffect(from start: FunctionID) -> (effect: String, via: [String])? {
        guard let chain = path(from: start, to: { effects[$0]?.isEmpty == false }),
              let effect = chain.last.flatMap({ effects[$0]?.first }) else { return nil }
        return (effect.name, chain.map(\.name))
    }

    /// The first node reachable from `start` (itself included, edges in source order) for
    /// which `isTarget` holds, with the nodes leading to it; the target is last.
    func path(from start: FunctionID, to isTarget: (FunctionID) -> Bool) -> [FunctionID]? {
        var seen: Set<FunctionID> = []
        func visit(_ f: FunctionID, _ path: [FunctionID]) -> [FunctionID]? {
            guard seen.insert(f).inserted else { return nil }
            if isTarget(f) { return path + [f] }
            for call in calls[f] ?? [] {
                if let found = visit(call.callee, path + [f]) { return found }
            }
            return nil
        }
        return visit(start, [])
    }

    /// Each distinct cycle once, as the functions in call order (first repeated at the end),
    /// the edge that starts it, and whether every edge is a call (not a mere reference).
    func cycles() -> [(names: [String], site: SourceRange, onlyCalls: Bool)] {
        var found: [(names: [String], site: SourceRange, onlyCalls: Bool)] = []
        var reported: Set<Set<FunctionID>> = []
        var state: [FunctionID: Int] = [:]  // 1 on the stack, 2 done
        var stack: [(FunctionID, Call)] = []
        func visit(_ f: FunctionID) {
            state[f] = 1
            // Calls first, so a cycle made of calls is named as one even where a reference
            // to the same function comes earlier in the source.
            let edges = (calls[f] ?? []).filter { !$0.isStore }
            for call in edges.filter(\.isCall) + edges.filter({ !$0.isCall }) {
                switch state[call.callee] {
                case 1:
                    let startIndex = stack.firstIndex { $0.0 == call.callee } ?? stack.count
                    let members = stack[startIndex...].map(\.0) + [f]
                    let memberSet = Set(members)
                    if reported.insert(memberSet).inserted {
                        let path = stack[startIndex...].map(\.1) + [call]
                        let names = members.map(\.name) + [call.callee.name]
                        found.append((names, path[0].range, path.allSatisfy(\.isCall)))
                    }
                case nil:
                    stack.append((f, call))
                    visit(call.callee)
                    stack.removeLast()
                default:
                    break
                }
            }
            state[f] = 2
        }
        for f in functions where state[f] == nil { visit(f) }
        return found
    }
}
