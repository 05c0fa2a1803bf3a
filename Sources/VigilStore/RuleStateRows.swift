import GRDB
import VigilActions
import VigilSeries

/// `vigil watch`'s rule states in the `rule_states` table, written with the journal entries
/// of the evaluation that produced them.
enum RuleStateRows {
    /// Replaces the stored states of each rule in `byRule` for `file`.
    static func save(_ db: Database, file: String, _ byRule: [String: [HeldRuleState]]) throws {
        for (rule, states) in byRule {
            try db.execute(sql: "DELETE FROM rule_states WHERE file = ? AND rule = ?", arguments: [file, rule])
            for s in states {
                try db.execute(sql: """
                    INSERT INTO rule_states (file, rule, labels, state, active_since, fired_at, keep_firing_since)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [file, rule, try LabelsCoding.json(s.labels), s.state, s.activeSince, s.firedAt,
                                     s.keepFiringSince])
            }
        }
    }

    static func load(_ db: Database, file: String) throws -> [String: [HeldRuleState]] {
        var byRule: [String: [HeldRuleState]] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT * FROM rule_states WHERE file = ? ORDER BY rule, labels", arguments: [file]) {
            let state = HeldRuleState(
                rule: row["rule"], labels: try LabelsCoding.labels(fromJSON: row["labels"], seriesID: 0), state: row["state"],
                activeSince: row["active_since"], firedAt: row["fired_at"], keepFiringSince: row["keep_firing_since"])
            byRule[state.rule, default: []].append(state)
        }
        return byRule
    }
}
