import Dispatch
import Foundation

/// Turns SIGINT and SIGTERM into calls of `handler` instead of ending the process, so a
/// command can close its connections first. `cancel()` restores the default handling.
final class SignalEvents {
    private let signals: [Int32]
    private let sources: [any DispatchSourceSignal]

    init(_ signals: [Int32] = [SIGINT, SIGTERM], handler: @escaping @Sendable () -> Void) {
        self.signals = signals
        sources = signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler(handler: handler)
            source.resume()
            return source
        }
    }

    func cancel() {
        for source in sources { source.cancel() }
        for number in signals { signal(number, SIG_DFL) }
    }
}
