import Foundation

/// Reads a whole HTTP/1.1 response (the connection was closed by the server after it):
/// the status line, the headers, and a body sized by `Content-Length`, sent in chunks, or
/// running to the end of the connection.
enum HTTPResponseParser {
    static func parse(_ raw: Data, url: String) throws -> HTTPAnswer {
        let bytes = [UInt8](raw)
        guard let headEnd = find([13, 10, 13, 10], in: bytes, from: 0) else {
            throw LiveError(url: url, kind: .malformedResponse(bytes.isEmpty ? "the server closed the connection without an answer"
                                                                        : "the answer's headers never ended"))
        }
        let lines = String(decoding: bytes[0..<headEnd], as: UTF8.self).components(separatedBy: "\r\n")
        let statusParts = lines[0].split(separator: " ", maxSplits: 2)
        guard statusParts.count >= 2, statusParts[0].hasPrefix("HTTP/1."), let status = Int(statusParts[1]) else {
            throw LiveError(url: url, kind: .malformedResponse("not an HTTP status line: \(lines[0].prefix(80))"))
        }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let rest = Array(bytes[(headEnd + 4)...])
        if headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
            return HTTPAnswer(status: status, body: try dechunk(rest, url: url))
        }
        if let lengthText = headers["content-length"] {
            guard let length = Int(lengthText), length >= 0, length <= rest.count else {
                throw LiveError(url: url, kind: .malformedResponse("the body is shorter than its Content-Length \(lengthText)"))
            }
            return HTTPAnswer(status: status, body: Data(rest[0..<length]))
        }
        return HTTPAnswer(status: status, body: Data(rest))
    }

    /// The body of a chunked answer: hexadecimal sizes, each followed by that many bytes.
    static func dechunk(_ bytes: [UInt8], url: String) throws -> Data {
        var body = Data(), position = 0
        while true {
            guard let lineEnd = find([13, 10], in: bytes, from: position) else {
                throw LiveError(url: url, kind: .malformedResponse("a chunked body ended without its last chunk"))
            }
            let sizeText = String(decoding: bytes[position..<lineEnd], as: UTF8.self)
                .split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            guard let size = Int(sizeText, radix: 16), size >= 0 else {
                throw LiveError(url: url, kind: .malformedResponse("bad chunk size \(sizeText.prefix(20))"))
            }
            let start = lineEnd + 2
            if size == 0 { return body }
            // Compared without adding, so a size such as 7FFFFFFFFFFFFFFF cannot overflow.
            guard size <= bytes.count - start else {
                let problem = size > bytes.count ? "chunk size \(sizeText.prefix(20)) is larger than the whole body (\(bytes.count) bytes)"
                    : "a chunk is shorter than its size"
                throw LiveError(url: url, kind: .malformedResponse(problem))
            }
            body.append(contentsOf: bytes[start..<(start + size)])
            position = start + size + 2
        }
    }

    private static func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard bytes.count >= needle.count, start <= bytes.count - needle.count else { return nil }
        var i = start
        while i <= bytes.count - needle.count {
            if bytes[i] == needle[0] && Array(bytes[i..<(i + needle.count)]) == needle { return i }
            i += 1
        }
        return nil
    }
}
