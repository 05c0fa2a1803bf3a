import Foundation

/// CPU time (user + system), in seconds. The machine the benchmarks run on is shared, so
/// wall-clock times stretch with everyone else's load; CPU time mostly does not.
enum CPUTime {
    /// This process's CPU time over all its threads.
    static func ofThisProcess() -> Double {
        var now = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
        return Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
    }

    /// Another process's CPU time so far, from /proc/PID/stat (utime and stime, fields 14
    /// and 15, in clock ticks); nil when it cannot be read.
    static func of(process pid: Int32) -> Double? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = text.lastIndex(of: ")") else { return nil }
        // Fields after the command name, which may itself hold spaces: state is field 3.
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}
