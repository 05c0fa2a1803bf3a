import Foundation
import VigilSyntax

/// The language's core builtins: printing, strings, records, conversion, time, assertions.
enum CoreBuiltins {
    static var all: [Builtin] { general + strings + ListBuiltins.all + MathBuiltins.all }

    static let general: [Builtin] = [
        Builtin(core: "print") { args, call in
            call.emit(args.map(\.text).joined(separator: " "))
            return .none
        },
        Builtin(core: "len") { args, call in
            switch args[0] {
            case .list(let items): return .number(Double(items.count))
            case .string(let s): return .number(Double(CoreBuiltins.characterCount(s)))
            case .record(let r): return .number(Double(r.count))
            case .nodata: return .nodata
            default: throw call.error("`len` needs a list, a string or a record, found \(args[0].described)")
            }
        },
        Builtin(core: "range") { args, call in
            let given = args.prefix { if case .none = $0 { return false } else { return true } }
            return .list(try RangeBounds.list(Array(given), call.site) { try call.work($0) })
        },
        Builtin(core: "keys") { args, call in
            guard case .record(let r) = args[0] else { throw call.error("`keys` needs a record, found \(args[0].described)") }
            return .list(r.shape.keys.map { .string($0) })
        },
        Builtin(core: "str") { args, _ in .string(args[0].text) },
        Builtin(core: "type") { args, _ in .string(args[0].typeName) },
        Builtin(core: "now") { _, call in .number(call.now, .timestamp) },
        Builtin(core: "assert") { args, call in
            let message = args[1].isNone ? "assertion failed" : args[1].text
            switch try call.truth(args[0], "the condition of `assert`") {
            case true?: return .none
            case false?: throw call.error(message)
            case nil: throw call.error(message + " (no data)")
            }
        },
    ]

    /// `s.count` (extended grapheme clusters), with a fast path for ASCII text: there every
    /// byte is one character, except that CR LF is one.
    static func characterCount(_ s: String) -> Int {
        let ascii = s.utf8.withContiguousStorageIfAvailable { bytes in
            for b in bytes where b >= 0x80 || b == 0x0D { return false }
            return true
        }
        return ascii == true ? s.utf8.count : s.count
    }

    static let strings: [Builtin] = [
        Builtin(core: "contains") { args, call in
            switch (args[0], args[1]) {
            case (.list(let items), let x): return .bool(items.contains { Operators.equal($0, x) })
            case (.string(let s), .string(let part)): return .bool(part.isEmpty || s.contains(part))
            case (.string, let x): throw call.error("`contains` on a string needs a string to find, found \(x.described)")
            default: throw call.error("`contains` needs a list or a string, found \(args[0].described)")
            }
        },
        Builtin(core: "join") { args, call in
            let items = try call.list(args[0], "the first argument of `join`")
            let sep = try call.string(args[1], "the separator of `join`")
            try call.work(items.count)
            let texts = items.map(\.text)
            try call.reserve(bytes: texts.reduce(0) { $0 + $1.utf8.count } + sep.utf8.count * max(0, texts.count - 1))
            return .string(texts.joined(separator: sep))
        },
        Builtin(core: "split") { args, call in
            let s = try call.string(args[0], "the first argument of `split`")
            let sep = try call.string(args[1], "the separator of `split`")
            if sep.isEmpty { throw call.error("the separator of `split` cannot be empty") }
            return .list(s.components(separatedBy: sep).map { .string($0) })
        },
        Builtin(core: "upper") { args, call in .string(try call.string(args[0], "the argument of `upper`").uppercased()) },
        Builtin(core: "lower") { args, call in .string(try call.string(args[0], "the argument of `lower`").lowercased()) },
    ]
}

extension Value {
    public var isNone: Bool {
        if case .none = self { return true }
        return false
    }
}
