import Foundation
import VigilRuntime
import VigilSyntax

/// A value read from the environment by `env("NAME")`: a token, a password, a webhook URL
/// with a key in it. It prints, interpolates, formats and appears in errors, action records
/// and plans as `****`; `"Bearer " + token` is still a secret (`Bearer ****`). Only delivery — the moment
/// the value must leave the process (a webhook header, a program's argument) — calls
/// `reveal`.
public final class SecretValue: RuntimeObject {
    enum Part {
        case plain(String)
        case secret(String)
    }

    private let parts: [Part]

    init(_ parts: [Part]) { self.parts = parts }

    /// The environment variable `name` as a secret, or nil when it is not set.
    static func environment(_ name: String) -> SecretValue? {
        ProcessInfo.processInfo.environment[name].map { SecretValue([.secret($0)]) }
    }

    public static let mask = "****"

    override public var typeName: String { "secret" }
    /// The text with each secret part masked: `"Bearer " + token` shows as `Bearer ****`.
    override public var display: String {
        parts.map { part in
            switch part {
            case .plain(let s): s
            case .secret: Self.mask
            }
        }.joined()
    }

    /// The secret parts, revealed: what a program's output is masked against.
    public var secretParts: [String] {
        parts.compactMap { if case .secret(let s) = $0 { return s } else { return nil } }
    }

    /// Plain text in the same shape, so a command's arguments are one kind whether or not
    /// they hold a secret (`traffic exec`).
    static func plain(_ text: String) -> SecretValue { SecretValue([.plain(text)]) }

    /// The same text with `transform` applied to its plain parts only: `$candidate` in
    /// `"--weight=$candidate&key=" + env("KEY")` is replaced, the secret is never read.
    func mappingPlainParts(_ transform: (String) -> String) -> SecretValue {
        SecretValue(parts.map { part in
            if case .plain(let s) = part { return .plain(transform(s)) }
            return part
        })
    }

    /// `text` with each of `secrets` masked: what a program that was given them printed.
    /// Longest first, so a secret that holds a shorter one is masked whole.
    public static func masking(_ secrets: [String], in text: String) -> String {
        var text = text
        for secret in secrets.sorted(by: { $0.count > $1.count }) where !secret.isEmpty { text = text.replacingOccurrences(of: secret, with: mask) }
        return text
    }

    /// The text with the secrets in it: for delivery only.
    public func reveal() -> String {
        parts.map { part in
            switch part {
            case .plain(let s), .secret(let s): s
            }
        }.joined()
    }

    /// Joining text to a secret keeps it secret (`"Bearer " + env("TOKEN")`); nothing else
    /// (comparison, arithmetic) is offered, so a script cannot test a secret's characters.
    override public func binary(_ op: BinaryOp, _ other: Value, selfOnLeft: Bool) throws -> Value? {
        guard op == .add else {
            throw ObjectError("a secret (\(Self.mask)) cannot be used with `\(op.rawValue)`",
                              hint: "a secret can only be joined to text with `+` and passed to an action")
        }
        let otherParts: [Part]
        switch other {
        case .string(let s): otherParts = [.plain(s)]
        case .object(let o as SecretValue): otherParts = o.parts
        default:
            throw ObjectError("a secret (\(Self.mask)) can only be joined to a string, found \(other.described)")
        }
        return .object(SecretValue(selfOnLeft ? parts + otherParts : otherParts + parts))
    }

    override public func truth() throws -> ObjectTruth { .notACondition }

    /// The text a value stands for at delivery: a secret revealed, a string as is, any other
    /// value in its literal form.
    public static func revealed(_ value: Value) -> String {
        switch value {
        case .object(let secret as SecretValue): secret.reveal()
        default: value.text
        }
    }
}
