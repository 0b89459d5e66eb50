import Foundation

/// Calls back once standard input reaches end of file, e.g. when the parent process that holds
/// the other end of the pipe exits, however it exits.
enum StdinWatcher {
    static func onEOF(_ action: @escaping @Sendable () -> Void) {
        let thread = Thread {
            var buffer = [UInt8](repeating: 0, count: 512)
            while true {
                let count = read(STDIN_FILENO, &buffer, buffer.count)
                if count == 0 || (count < 0 && errno != EINTR) { break }
            }
            action()
        }
        thread.name = "stdin-watcher"
        thread.start()
    }
}
