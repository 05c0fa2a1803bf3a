import VigilCheck
import VigilEngines
import VigilRuntime
import VigilSeries
import VigilSyntax

/// The cost engine's binding (LANGUAGE.md §8): the `prices` and `budget` blocks, budget
/// handles bound to their names, and the cost builtins (CostBuiltins.swift) over the
/// session's charges (CostData.swift): usage counters × prices and FOCUS billed costs.
struct CostBinding: EngineBinding {
    var feature: Feature { .cost }

    static let budgetBlock = BlockSchema(.budget, feature: .cost, settings: [
        .init("tenant", .string, doc: "The tenant whose spend is limited.", example: "\"acme\""),
        .init("alert", .word(["actual", "forecast", "none"]), default: .word("none"),
              doc: "actual: rules on spend at `warn at` and over the limit; forecast: also on the forecast over the limit.",
              example: "forecast"),
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

    /// Loads the alert rules of the program's budgets (BudgetAlertRules).
    func load(_ program: Program, in session: VigilSession) throws {
        let registry = Self.registry(session)
        for decl in program.decls {
            guard case .block(let block) = decl.kind, block.kind == .budget, let name = block.name,
                  let budget = registry.budgets[name], budget.alert != "none" else { continue }
            try session.interpreter.load(BudgetAlertRules.program(for: budget, forecast: budget.alert == "forecast"))
        }
    }

    static func registry(_ session: VigilSession) -> CostRegistry { session.engineState { CostRegistry() } }
}

/// A session's prices and budgets.
final class CostRegistry {
    /// Price per unit of each usage, in dollars, with where it was written.
    private(set) var prices: [String: (price: Double, file: SourceFile, range: SourceRange)] = [:]
    var budgets: [String: BudgetObject] = [:]
    /// The charges last read, and what they were read from (CostData.ledger).
    var ledger: (key: [SeriesKey], ledger: CostLedger)?

    struct SeriesKey: Equatable {
        let labels: Labels
        let count: Int
        let last: Timestamp?
    }

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
            ledger = nil
        }
    }

    var priceTable: PriceTable { try! PriceTable(prices.mapValues(\.price)) }
}
