import Foundation

/// Runs a command and waits for it, stdout and stderr going to `output`; returns its exit
/// status (-1 when it could not start or did not exit normally). posix_spawn and waitpid
/// directly: Foundation's `Process.waitUntilExit` on Linux notices the exit only at its run
/// loop's next wake-up, which added tens of milliseconds to both sides of a comparison.
func spawnWaiting(_ executable: String, _ args: [String], output: String = "/dev/null") -> Int32 {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    let argv = ([executable] + args).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var pid: pid_t = 0
    guard posix_spawn(&pid, executable, &actions, nil, argv, environ) == 0 else { return -1 }
    var status: Int32 = 0
    waitpid(pid, &status, 0)
    return (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1
}

/// What `spawnMeasured` saw of a finished child: its exit status (-1 when it could not start
/// or did not exit normally), wall and CPU seconds, and its peak resident memory.
struct ChildMeasure {
    let status: Int32
    let wallSeconds: Double
    let cpuSeconds: Double
    let peakResidentBytes: Int
}

/// Runs a command as `spawnWaiting` does and reaps it with `wait4`, which hands back the
/// child's own resource usage: its CPU time and peak RSS, unaffected by this process.
func spawnMeasured(_ executable: String, _ args: [String], output: String = "/dev/null") -> ChildMeasure {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    posix_spawn_file_actions_adddup2(&actions, 1, 2)
    let argv = ([executable] + args).map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    let start = DispatchTime.now().uptimeNanoseconds
    var pid: pid_t = 0
    guard posix_spawn(&pid, executable, &actions, nil, argv, environ) == 0 else {
        return ChildMeasure(status: -1, wallSeconds: 0, cpuSeconds: 0, peakResidentBytes: 0)
    }
    var status: Int32 = 0
    var usage = rusage()
    wait4(pid, &status, 0, &usage)
    let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return ChildMeasure(status: (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1, wallSeconds: wall,
                        cpuSeconds: seconds(usage.ru_utime) + seconds(usage.ru_stime),
                        peakResidentBytes: usage.ru_maxrss * 1024)  // Linux reports kilobytes
}
