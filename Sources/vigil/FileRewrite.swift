import Foundation

/// Replaces a file's contents the way an editor should: the file keeps its mode and owner,
/// a symbolic link stays a link (its target is rewritten), and hard links stay linked.
/// A lone file is replaced atomically (a temporary file beside it, renamed over it), so an
/// interrupted write never leaves half a program; a hard-linked file, or one whose owner
/// cannot be given to a new file, is rewritten in place instead.
enum FileRewrite {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func replace(_ path: String, with text: String) throws {
        // Through every symbolic link to the file itself, so the link is kept.
        let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        var info = stat()
        guard stat(target, &info) == 0 else { throw failure("cannot inspect", target) }
        let bytes = Array(text.utf8)
        if info.st_nlink > 1 { return try writeInPlace(target, bytes) }
        let directory = (target as NSString).deletingLastPathComponent
        let temporary = (directory.isEmpty ? "." : directory) + "/.\((target as NSString).lastPathComponent).vigil-fmt-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else { return try writeInPlace(target, bytes) }
        var renamed = false
        defer { if !renamed { unlink(temporary) } }
        let wrote = writeAll(fd, bytes)
        let owned = info.st_uid == geteuid() && info.st_gid == getegid() || fchown(fd, info.st_uid, info.st_gid) == 0
        let moded = fchmod(fd, info.st_mode & 0o7777) == 0
        let synced = fsync(fd) == 0
        close(fd)
        guard wrote, synced else { throw failure("cannot write", target) }
        // A new file that cannot carry the old owner or mode would change them: write in place.
        guard owned, moded else { return try writeInPlace(target, bytes) }
        guard rename(temporary, target) == 0 else { throw failure("cannot replace", target) }
        renamed = true
    }

    private static func writeInPlace(_ path: String, _ bytes: [UInt8]) throws {
        let fd = open(path, O_WRONLY | O_TRUNC)
        guard fd >= 0 else { throw failure("cannot write", path) }
        defer { close(fd) }
        guard writeAll(fd, bytes) else { throw failure("cannot write", path) }
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        var done = 0
        while done < bytes.count {
            let n = bytes[done...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return false }
            done += n
        }
        return true
    }

    private static func failure(_ what: String, _ path: String) -> Failure {
        Failure(description: "\(what) \(path): \(String(cString: strerror(errno)))")
    }
}
