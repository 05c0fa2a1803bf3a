import Foundation

/// The memory budget (`--max-memory`): a run stops with a located error before the process
/// grows past it, instead of the allocator or the kernel killing it. Memory belongs to the
/// process, so the budget is one for the process, set by each run's options. Checked on
/// the clock's schedule (see `StepCounter.checkClock`) and before building a large string
/// or list, where one step can double what a program holds (`s = s + s`).
public enum MemoryBudget {
    nonisolated(unsafe) public static var limit = RunOptions.defaultMaxMemory
    /// Below this many bytes a new value is not worth reading the process's size for.
    static let largeValue = 1 << 20

    /// Throws when the process, grown by `bytes`, would pass the budget.
    static func check(adding bytes: Int, _ site: Site) throws {
        let resident = residentBytes()
        guard resident > 0, resident &+ bytes > limit else { return }
        let what = bytes > 0 ? "building a value of \(describe(bytes)) would pass" : "the run passed"
        throw site.error("\(what) the memory limit of \(describe(limit)) (raise it with --max-memory)",
                         hint: "the process holds \(describe(resident)) now")
    }

    /// Before building a value of `bytes`: only a large one reads the process's size.
    @inline(__always) static func reserve(_ bytes: Int, _ site: Site) throws {
        if bytes >= largeValue { try check(adding: bytes, site) }
    }

    /// The resident set size from /proc/self/statm; 0 where it cannot be read.
    static func residentBytes() -> Int {
        let fd = open("/proc/self/statm", O_RDONLY)
        guard fd >= 0 else { return 0 }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 128)
        let n = read(fd, &buffer, buffer.count)
        guard n > 0 else { return 0 }
        let fields = buffer[0..<n].split(separator: UInt8(ascii: " "))
        guard fields.count > 1, let pages = Int(String(decoding: fields[1], as: UTF8.self)) else { return 0 }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    /// `2 GiB`, `512 MiB`, `3.4 GiB`.
    public static func describe(_ bytes: Int) -> String {
        for (unit, size) in [("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)] where bytes >= size {
            let value = Double(bytes) / Double(size)
            return (value == value.rounded() ? String(Int(value)) : String(format: "%.1f", value)) + " " + unit
        }
        return "\(bytes) bytes"
    }
}
