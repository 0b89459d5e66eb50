import Foundation

/// A full disk for one open file: while `body` runs, the process's descriptor of `path`
/// points at /dev/full, so every write to it, and every space reserved on it, fails; then
/// it points at the file again, unchanged.
public enum DiskFull {
    public static func during<T>(writesTo path: String, _ body: () async throws -> T) async throws -> T {
        guard let descriptor = openDescriptor(of: path) else { throw FixtureError("\(path) is not open") }
        let saved = dup(descriptor)
        let full = open("/dev/full", O_WRONLY | O_CLOEXEC)
        guard saved >= 0, full >= 0, dup2(full, descriptor) >= 0 else { throw FixtureError("cannot point \(path) at /dev/full") }
        close(full)
        defer {
            dup2(saved, descriptor)
            close(saved)
        }
        return try await body()
    }

    /// The descriptor this process has open on `path`, from /proc/self/fd.
    private static func openDescriptor(of path: String) -> Int32? {
        let target = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/fd")) ?? []
        return descriptors.lazy.compactMap(Int32.init).first { descriptor in
            (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/fd/\(descriptor)")) == target
        }
    }
}
