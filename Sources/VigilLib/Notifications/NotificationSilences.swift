import VigilActions
import VigilRules
import VigilSeries
import VigilStore

/// Silences as journal notes (kind `silence`): set by `silence(…)` in a program or by
/// `vigil silence add`, expired early by `vigil silence expire`. The journal is where every
/// process on the database finds them: a later (or a running) `vigil watch` honours them.
extension NotificationRouter {
    /// Sets a silence from `time` for `duration`, journaled so it outlives the run. `id` is
    /// given by `vigil silence add` (unique across processes); a program's are numbered.
    @discardableResult
    func silence(matchers: [LabelMatcher], from time: Timestamp, for duration: Milliseconds, createdBy: String,
                 comment: String = "", id: String? = nil, origin: Action.Origin, layer: ActionsLayer) throws -> Silence {
        silenceCount += 1
        let silence = Silence(id: id ?? "silence-\(time / 1000)-\(silenceCount)", matchers: matchers, startsAt: time,
                              endsAt: time + duration, createdBy: createdBy, comment: comment)
        dispatcher.add(silence)
        try journal(silence, origin: origin, at: time, key: "silence|\(silence.id)", layer: layer)
        return silence
    }

    /// Ends the silence `id` at `time`, journaled; answers it as expired, or nil when no
    /// silence has that id (or it has already ended).
    public func expireSilence(_ id: String, at time: Timestamp, origin: Action.Origin, layer: ActionsLayer) throws -> Silence? {
        guard let silence = dispatcher.silences.first(where: { $0.id == id }), silence.endsAt > time else { return nil }
        let expired = silence.expired(at: time)
        dispatcher.add(expired)
        try journal(expired, origin: origin, at: time, key: "silence|\(id)|expired", layer: layer)
        return expired
    }

    /// Sets a silence for `vigil silence add`, under an id no other process will give.
    public func addSilence(_ matchers: [LabelMatcher], from time: Timestamp, for duration: Milliseconds, comment: String,
                           createdBy: String, origin: Action.Origin, layer: ActionsLayer) throws -> Silence {
        let id = "silence-\(time / 1000)-\(String(UInt32.random(in: 0...UInt32.max), radix: 16))"
        return try silence(matchers: matchers, from: time, for: duration, createdBy: createdBy, comment: comment, id: id,
                           origin: origin, layer: layer)
    }

    private func journal(_ silence: Silence, origin: Action.Origin, at time: Timestamp, key: String, layer: ActionsLayer) throws {
        var annotations = ["silence_id": silence.id, "starts_at": String(silence.startsAt), "ends_at": String(silence.endsAt),
                           "created_by": silence.createdBy, "matchers": silence.matcherText]
        if !silence.comment.isEmpty { annotations["comment"] = silence.comment }
        // The equality matchers as the note's labels, so the journal reads like the alerts it mutes.
        let equal = Dictionary(silence.matchers.filter { $0.kind == .equal }.map { ($0.name, $0.value) }) { a, _ in a }
        let ends = silence.endsAt <= time ? "expired at \(Self.clock(silence.endsAt))" : "until \(Self.clock(silence.endsAt))"
        let note = Action(kind: Self.silenceKind, target: "",
                          call: "silence \(silence.matcherText) \(ends) — \(silence.id), set by \(silence.createdBy)"
                              + (silence.comment.isEmpty ? "" : ": \(silence.comment)"),
                          labels: equal, annotations: annotations, origin: origin, time: time, key: IdempotencyKey(text: key))
        try layer.submit([note], at: time)
    }

    /// The silence a journal note sets (or expires); nil for any other entry, or a dry run's.
    static func silence(from record: JournalRecord) -> Silence? {
        let action = record.action, a = action.annotations
        guard record.state != .planned, action.kind == silenceKind, let id = a["silence_id"],
              let start = a["starts_at"].flatMap(Int64.init), let end = a["ends_at"].flatMap(Int64.init) else { return nil }
        // Notes written before matchers other than `=` existed hold their matchers as labels.
        let matchers = a["matchers"].flatMap { try? LabelMatcherList.parse($0) }
            ?? action.labels.map { LabelMatcher.equal($0.key, $0.value) }
        return Silence(id: id, matchers: matchers, startsAt: start, endsAt: end, createdBy: a["created_by"] ?? action.origin.name,
                       comment: a["comment"] ?? "")
    }

    /// Takes up the silences journaled since this router last looked (by another process:
    /// `vigil silence add` while a watch runs), so they mute from the next evaluation.
    public func takeUpSilences(from records: [JournalRecord]) {
        for silence in records.compactMap(Self.silence(from:)) where dispatcher.silences.first(where: { $0.id == silence.id }) != silence {
            dispatcher.add(silence)
        }
    }

    /// The silences in the journal, as the last note on each says: `vigil silence list`.
    public static func silences(in records: [JournalRecord]) -> [Silence] {
        var byID: [String: Silence] = [:], order: [String] = []
        for silence in records.compactMap(silence(from:)) {
            if byID[silence.id] == nil { order.append(silence.id) }
            byID[silence.id] = silence
        }
        return order.compactMap { byID[$0] }
    }
}
