import VigilCheck
import VigilEngines
import VigilRuntime
import VigilSyntax

/// The cost engine's binding (LANGUAGE.md §8): the `prices` and `budget` blocks, budget
/// handles bound to their names, and the cost builtins (CostBuiltins.swift) over the
/// session's charges (CostData.swift): usage counters × prices and FOCUS billed costs.
struct CostBinding: EngineBinding {
    var feature: Feature { .cost }

    static let budgetBlock = BlockSchema(.budget, feature: .cost, settings: [
        .init("tenant", .string, doc: "The tenant whose spend is limited.", example: "\"acme\""),
    ])
    static let pricesBlock = BlockSchema(.prices, feature: .cost)

    var blocks: [BlockSchema] { [Self.budgetBlock, Self.pricesBlock] }
    var builtins: [EngineBuiltin] { Self.costBuiltins }

    /// Reads the prices and binds each budget's name to its handle before statements run.
    func declare(_ program: Program, in session: VigilSession) throws {
        let registry = Self.registry(session)
        for decl in program.decls {
            guard case .block(let block) = decl.kind else { continue }
            switch block.kind {
            case .prices: try registry.addPrices(block, file: program.file, session.interpreter)
            case .budget:
                let budget = try BudgetObject(block, file: program.file, session: session)
                registry.budgets[budget.budget.name] = budget
                session.interpreter.defineGlobal(budget.budget.name, .object(budget))
            default: continue
            }
        }
    }

    static func registry(_ session: VigilSession) -> CostRegistry { session.engineState { CostRegistry() } }
}

/// A session's prices and budgets.
final class CostRegistry {
    /// Price per unit of each usage, in dollars, with where it was written.
    private(set) var prices: [String: (price: Double, file: SourceFile, range: SourceRange)] = [:]
    var budgets: [String: BudgetObject] = [:]

    func addPrices(_ block: BlockDecl, file: SourceFile, _ interpreter: Interpreter) throws {
        for item in block.items {
            guard case .setting(let s) = item.kind, let e = s.values.first else { continue }
            if let earlier = prices[s.key] {
                let line = earlier.file.location(of: earlier.range.start).line
                throw RuntimeError("`\(s.key)` is priced twice; the first price is at \(earlier.file.path):\(line)",
                                   file: file, range: s.keyRange)
            }
            guard case .number(let price, let unit) = try interpreter.evaluate(expression: e, in: file),
                  unit.dimension == .money, price >= 0, price.isFinite else {
                throw RuntimeError("the price of `\(s.key)` must be an amount of money per unit such as $0.0004",
                                   file: file, range: e.range)
            }
            prices[s.key] = (price, file, e.range)
        }
    }

    var priceTable: PriceTable { try! PriceTable(prices.mapValues(\.price)) }
}
