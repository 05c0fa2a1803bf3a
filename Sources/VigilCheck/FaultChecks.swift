import VigilSyntax

/// `fault error_rate(5%, at: 2m, until: 10m, on: stable)` in a `simulate` block: a fault
/// is a pattern, not a call; its name picks the kind and its arguments are quantities.
extension CheckPass {
    static let faultKinds: [String: String?] = [
        "error_rate": "5%", "latency": "150%", "latency_drift": "10%", "outage": nil, "no_traffic": nil,
    ]

    func checkFault(_ e: Expr) {
        let names = Self.faultKinds.keys.sorted()
        guard case .call(let callee, let args) = e.kind, case .name(let kind) = callee.kind, let example = Self.faultKinds[kind] else {
            let name: String = { if case .call(let c, _) = e.kind, case .name(let n) = c.kind { return n }; return "" }()
            error("a fault is one of \(names.map { "\($0)(…)" }.joined(separator: ", "))", e.range,
                  hint: Spelling.hint(for: name, in: names) ?? "e.g. `fault error_rate(5%, at: 2m)`")
            return
        }
        var amount: Expr?
        for arg in args {
            switch arg.label {
            case nil: amount = arg.value
            case "at", "until": checkQuantity(arg.value, .duration, for: arg.label!, example: "2m")
            case "on":
                if case .name(let v) = arg.value.kind, v == "stable" || v == "candidate" { continue }
                error("`on:` is `stable` or `candidate`", arg.value.range)
            default:
                error("a fault takes `at:`, `until:` and `on:`", arg.labelRange ?? arg.value.range,
                      hint: Spelling.hint(for: arg.label ?? "", in: ["at", "until", "on"]))
            }
        }
        switch (example, amount) {
        case (let example?, nil): error("`\(kind)` needs an amount, e.g. `\(kind)(\(example), at: 2m)`", e.range)
        case (nil, let amount?): error("`\(kind)` takes no amount, only `at:`, `until:` and `on:`", amount.range)
        case (_?, let amount?): checkPercent(amount, kind)
        default: break
        }
    }
}
