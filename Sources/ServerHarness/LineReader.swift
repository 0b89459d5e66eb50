import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads a pipe on its own thread and pushes it line by line into a mailbox, finishing the
/// mailbox (and closing the handle) at end of file. A last line without a newline still arrives.
public enum LineReader {
    /// `keepingNewlines` pushes each line with its `\n`, so joining the lines gives the text back.
    public static func start(reading handle: FileHandle, into lines: Mailbox<String>, keepingNewlines: Bool = false) {
        let descriptor = handle.fileDescriptor
        Thread {
            var pending: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = read(descriptor, &buffer, buffer.count)
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { break }
                pending.append(contentsOf: buffer[0..<count])
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    let end = keepingNewlines ? newline + 1 : newline
                    lines.push(String(decoding: pending[..<end], as: UTF8.self))
                    pending.removeSubrange(...newline)
                }
            }
            if !pending.isEmpty { lines.push(String(decoding: pending, as: UTF8.self)) }
            lines.finish()
            try? handle.close()
        }.start()
    }
}
