import Dispatch
import Foundation

/// Turns SIGINT, SIGTERM and SIGHUP into a call of `handler`, so the UI can restore the
/// terminal before the process ends.
final class SignalWatcher {
    private static let signals = [SIGINT, SIGTERM, SIGHUP]
    private let sources: [any DispatchSourceSignal]

    init(handler: @escaping @Sendable () -> Void) {
        signal(SIGPIPE, SIG_IGN)
        sources = Self.signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler(handler: handler)
            source.resume()
            return source
        }
    }

    /// Restores the default handling.
    func cancel() {
        for source in sources { source.cancel() }
        for number in Self.signals { signal(number, SIG_DFL) }
    }
}
