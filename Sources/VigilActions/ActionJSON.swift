extension Action {
    /// The action as the journal stores it: the JSON its `Codable` conformance reads back
    /// (members in key order, `body` and `heldBy` left out when nil, as the synthesized
    /// encoder leaves them out), written straight to bytes. `JSONEncoder` cost more than the
    /// insert of the row that holds it, twice a replayed page (bench-rules' profile).
    public var journalJSON: String {
        var json = JSONText(capacity: 384 + call.utf8.count + observed.utf8.count + (body?.utf8.count ?? 0))
        json.raw("{\"annotations\":")
        json.object(annotations)
        if let body { json.member("body", body) }
        json.member("call", call)
        if let heldBy { json.member("heldBy", heldBy) }
        json.raw(",\"key\":{\"text\":")
        json.string(key.text)
        json.raw("}")
        json.member("kind", kind)
        json.member("labelSet", labelSet)
        json.raw(",\"labels\":")
        json.object(labels)
        json.member("observed", observed)
        json.raw(",\"origin\":{\"kind\":")
        json.string(origin.kind.rawValue)
        json.member("name", origin.name)
        json.member("trigger", origin.trigger)
        json.raw("}")
        json.member("target", target)
        json.raw(",\"time\":\(time)}")
        return json.text
    }
}
