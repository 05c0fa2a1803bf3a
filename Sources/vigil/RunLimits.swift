import ArgumentParser
import VigilRuntime

/// `--max-memory 2GiB`: binary units (KiB, MiB, GiB, also K, M, G) or plain bytes.
enum MemorySize {
    static func parse(_ text: String) throws -> Int {
        let units: [(String, Int)] = [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10), ("G", 1 << 30), ("M", 1 << 20), ("K", 1 << 10), ("B", 1)]
        let (digits, scale) = units.first { text.hasSuffix($0.0) }.map { (String(text.dropLast($0.0.count)), $0.1) } ?? (text, 1)
        guard let n = Double(digits), n.isFinite, n > 0, n * Double(scale) < 9e18, n * Double(scale) >= Double(1 << 20) else {
            throw ValidationError("--max-memory expects a size of at least 1MiB such as 2GiB or 512MiB, found `\(text)`")
        }
        return Int(n * Double(scale))
    }
}

/// The whole command's deadline, fixed the first time a command asks for its run options:
/// every request the command starts (each canary tick, replay evaluation, live fetch) ends by it.
private nonisolated(unsafe) var commandDeadlines: [Double: UInt64] = [:]

func commandDeadline(_ timeout: Double) -> UInt64 {
    if let d = commandDeadlines[timeout] { return d }
    let d = RunOptions.deadline(after: timeout)
    commandDeadlines[timeout] = d
    return d
}
