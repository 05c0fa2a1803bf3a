import VigilSeries
@testable import VigilRules

/// Shorthands the rule tests write their cases in; the product evaluates a list of
/// conditions (`evaluate(at:each:)`).
extension RuleStateMachine {
    /// Evaluates a condition that yields one value (no labels): true, false or nil (nodata).
    mutating func evaluate(at time: Timestamp, condition: Bool?) -> RuleEvaluation {
        evaluate(at: time, each: [(labels: Labels(), condition: condition)])
    }

    /// Evaluates the condition's values per label set.
    mutating func evaluate(at time: Timestamp, conditions: [Labels: Bool?]) -> RuleEvaluation {
        evaluate(at: time, each: conditions.map { (labels: $0.key, condition: $0.value) })
    }

    /// The status of one label set now; nil means inactive and untracked.
    func status(of labels: Labels) -> AlertStatus? {
        statuses.first { $0.labels == labels }
    }
}

extension RuleEvaluation {
    /// Label sets whose condition had no data at this evaluation (their state was held).
    var noData: [Labels] { statuses.filter(\.isNoData).map(\.labels) }

    /// The status of one label set; nil means inactive and untracked.
    func status(of labels: Labels) -> AlertStatus? {
        statuses.first { $0.labels == labels }
    }
}
