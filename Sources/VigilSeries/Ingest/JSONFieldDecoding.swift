/// What the JSON-lines readers (samples, change events) share while decoding one object.

/// A schema violation in one field, raised while decoding and turned into an `IngestError`
/// that names the field.
struct JSONFieldProblem: Error {
    let field: String
    let message: String
}

/// Any field name, so a reader can list the object's fields and refuse unknown ones.
struct JSONFieldKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(_ string: String) { stringValue = string }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
