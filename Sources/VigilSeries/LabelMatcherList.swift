/// A list of matchers written as Alertmanager and amtool write them: `{service="checkout",
/// severity!~"P3|P4"}`, braces optional, values quoted or bare (`service=checkout env!=dev`),
/// separated by commas or spaces.
public enum LabelMatcherList {
    /// What is wrong and where: `offset` counts characters from the start of the text.
    public struct SyntaxError: Error, Equatable, CustomStringConvertible {
        public let message: String
        public let offset: Int
        public var description: String { "\(message) (at character \(offset + 1))" }
    }

    /// The matchers `text` writes, in order. Throws `SyntaxError` (a bad regex included).
    public static func parse(_ text: String) throws -> [LabelMatcher] {
        let chars = Array(text)
        var i = 0, matchers: [LabelMatcher] = []
        func skip() { while i < chars.count, chars[i] == " " || chars[i] == "," || chars[i] == "\t" { i += 1 } }
        func fail(_ message: String, at offset: Int? = nil) -> SyntaxError { SyntaxError(message: message, offset: offset ?? i) }
        skip()
        let braced = i < chars.count && chars[i] == "{"
        if braced { i += 1 }
        while true {
            skip()
            if i == chars.count {
                if braced { throw fail("expected `}` to close the matchers") }
                break
            }
            if braced, chars[i] == "}" {
                i += 1
                skip()
                guard i == chars.count else { throw fail("unexpected `\(chars[i])` after `}`") }
                break
            }
            let nameStart = i
            while i < chars.count, chars[i] == "_" || chars[i].isASCII && (chars[i].isLetter || (i > nameStart && chars[i].isNumber)) {
                i += 1
            }
            guard i > nameStart else { throw fail("expected a label name, found `\(chars[i])`") }
            let name = String(chars[nameStart..<i])
            let two = i + 1 < chars.count ? String(chars[i...i + 1]) : ""
            let kind: LabelMatcher.Kind
            if let k = LabelMatcher.Kind(rawValue: two), k != .equal { kind = k; i += 2 }
            else if i < chars.count, chars[i] == "=" { kind = .equal; i += 1 }
            else { throw fail("expected =, !=, =~ or !~ after `\(name)`") }
            let valueStart = i
            var value = ""
            if i < chars.count, chars[i] == "\"" {
                i += 1
                var closed = false
                while i < chars.count {
                    if chars[i] == "\"" { closed = true; i += 1; break }
                    if chars[i] == "\\", i + 1 < chars.count {
                        i += 1
                        value.append(chars[i] == "n" ? "\n" : chars[i] == "t" ? "\t" : chars[i])
                    } else {
                        value.append(chars[i])
                    }
                    i += 1
                }
                guard closed else { throw fail("the value of `\(name)` has no closing quote", at: valueStart) }
            } else {
                while i < chars.count, !" ,\t}".contains(chars[i]) { value.append(chars[i]); i += 1 }
            }
            do {
                matchers.append(try LabelMatcher(name, kind, value))
            } catch let error as LabelMatcherError {
                throw fail(error.message, at: valueStart)
            }
        }
        return matchers
    }

    /// `{service="checkout", severity!~"P3|P4"}`: matchers as Alertmanager prints them.
    public static func text(_ matchers: [LabelMatcher]) -> String {
        "{" + matchers.map(\.description).joined(separator: ", ") + "}"
    }
}
