import Foundation
import VigilRules
import VigilSeries

/// Writes the loop's lines straight to stdout, unbuffered: someone (or a pipe) is watching.
public final class WatchPrinter {
    /// The rule whose heading was printed last: its changes follow without repeating it.
    public var lastRule: String?

    public init() {}

    public func emit(_ lines: [String]) {
        guard !lines.isEmpty else { return }
        FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }

    /// State changes under their rule's heading, repeated whenever another rule spoke last.
    public func emit(_ changes: [RuleTransitionRecord], rules: [CompiledRule], every: Milliseconds?) {
        var lines: [String] = []
        for change in changes {
            if change.rule != lastRule, let rule = rules.first(where: { $0.name == change.rule }) {
                lines.append(ReplayReport.heading(rule, every: every))
                lastRule = change.rule
            }
            lines += ReplayReport.lines(change)
        }
        if !lines.isEmpty { emit(lines) }
    }
}
