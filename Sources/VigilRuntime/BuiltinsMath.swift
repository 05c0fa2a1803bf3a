import Foundation
import VigilSyntax

/// Rounding and roots; each keeps the unit and style of its argument (`abs(-5m)` is `5m`).
enum MathBuiltins {
    static let all: [Builtin] = [
        unary("abs") { Swift.abs($0) },
        unary("floor") { $0.rounded(.down) },
        unary("ceil") { $0.rounded(.up) },
        Builtin(core: "sqrt") { args, call in
            if case .nodata = args[0] { return .nodata }
            let (x, u) = try call.number(args[0], "the argument of `sqrt`")
            guard u.dimension == .number else { throw call.error("`sqrt` needs a plain number, found \(args[0].described)") }
            guard x >= 0 else { throw call.error("cannot take the square root of a negative number (\(args[0].literal))") }
            return .number(x.squareRoot(), u)
        },
        Builtin(core: "round") { args, call in
            if case .nodata = args[0] { return .nodata }
            let (x, u) = try call.number(args[0], "the argument of `round`")
            var digits = 0.0
            if !args[1].isNone {
                let (d, du) = try call.number(args[1], "`digits` of `round`")
                guard du.dimension == .number, d == d.rounded(), Swift.abs(d) <= 15 else {
                    throw call.error("`digits` of `round` must be a whole number from -15 to 15, found \(args[1].literal)")
                }
                digits = d
            }
            // Percent values round in the units they print in (`round(12.345%, digits: 1)` is 12.3%).
            let shown = u.style == .percent ? 100.0 : 1.0
            let scale = pow(10, digits) * shown
            return .number((x * scale).rounded(.toNearestOrAwayFromZero) / scale, u)
        },
    ]

    static func unary(_ name: String, _ op: @escaping (Double) -> Double) -> Builtin {
        Builtin(core: name) { args, call in
            if case .nodata = args[0] { return .nodata }
            let (x, u) = try call.number(args[0], "the argument of `\(name)`")
            return .number(op(x), u)
        }
    }
}
