import Foundation
import VigilActions
import VigilStore

/// How a delivery round reads in `vigil watch`: one line per outcome.
public enum DeliveryLines {
    public static func lines(_ report: DeliveryReport) -> [String] {
        report.delivered.map { "    delivered \($0.action.call) → \($0.destination)  [key \($0.key)]" }
            + report.retrying.map { "    retrying \($0.action.call) → \($0.destination) (attempt \($0.attempts) failed: \($0.error ?? "")) [key \($0.key)]" }
            + report.deadLetters.map { "    dead letter \($0.action.call) → \($0.destination): \($0.error ?? "") [key \($0.key)]" }
    }
}
