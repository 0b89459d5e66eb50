import ChatClientKit
import ChatTUI
import Foundation

/// The UI thread: the only code that touches ncurses. Each turn reads keys (waiting up to
/// 50 ms when nothing is pending), feeds them to `AppState.update`, then a frame's worth of
/// the events posted by async work (an `EventBacklog`), runs the effects, and draws the
/// cells that changed.
final class AppLoop: Sendable {
    struct Options: Sendable {
        var settings: AppSettings
        var colors: Bool
        var mouse: Bool
    }

    private let options: Options
    private let runner: EffectRunner
    private let queue: EventQueue
    private let client: ChatClient
    private let logFile: LogFile

    init(options: Options, runner: EffectRunner, queue: EventQueue, client: ChatClient, logFile: LogFile) {
        self.options = options
        self.runner = runner
        self.queue = queue
        self.client = client
        self.logFile = logFile
    }

    /// Runs the loop on a thread of its own (never on the concurrency pool, which it would
    /// block); returns the messages left in the outbox.
    func runOnItsOwnThread() async throws(Terminal.Unusable) -> Int {
        try await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: Result { () throws(Terminal.Unusable) in try self.run() }) }
            thread.name = "chat-tui ui"
            thread.start()
        }.get()
    }

    /// Runs until the agent quits or a signal arrives; returns the messages left in the outbox.
    private func run() throws(Terminal.Unusable) -> Int {
        var resize = sigset_t()
        sigemptyset(&resize)
        sigaddset(&resize, SIGWINCH)
        pthread_sigmask(SIG_UNBLOCK, &resize, nil)  // ncurses learns of resizes through SIGWINCH
        let savedStderr = dup(STDERR_FILENO)
        dup2(logFile.descriptor, STDERR_FILENO)  // stray library output must not hit the screen
        defer {
            dup2(savedStderr, STDERR_FILENO)
            close(savedStderr)
        }
        CrashGuard.install()
        let terminal = try Terminal(colors: options.colors, mouse: options.mouse)
        defer {
            terminal.restore()
            CrashGuard.uninstall()
        }
        let theme = terminal.hasColors ? Theme.color : Theme.monochrome
        var state = AppState(settings: options.settings, now: now(), width: terminal.width, height: terminal.height)
        var decoder = KeyDecoder()
        var quit = false

        func perform(_ effects: [Effect]) {
            for effect in effects {
                switch effect {
                case .bell: terminal.bell()
                case .redraw: terminal.invalidate()
                case .quit: quit = true
                default: runner.perform(effect)
                }
            }
        }

        perform(state.start())
        var lastTick = client.now
        var frame = Renderer.frame(state, theme: theme)
        terminal.draw(frame.buffer, cursor: frame.cursor)
        var backlog = EventBacklog()
        while !quit {
            let input = terminal.read(timeout: backlog.isEmpty ? 50 : 0)
            var events: [AppEvent] = []
            if input.units.isEmpty, terminal.isGone {
                runner.logger.warning("the terminal is gone; quitting")
                events.append(.terminate)
            }
            if let size = input.resized { events.append(.resize(width: size.width, height: size.height)) }
            events += decoder.decode(input.units).map(AppEvent.key)
            backlog.append(queue.drain())
            if client.now - lastTick >= 0.25 {
                events.append(.tick(now()))
                lastTick = client.now
            }
            guard !events.isEmpty || !backlog.isEmpty else { continue }
            for event in events where !quit {
                perform(state.update(event))
            }
            if !quit { perform(state.applyFrame(of: &backlog, clock: { client.now })) }
            frame = Renderer.frame(state, theme: theme)
            terminal.draw(frame.buffer, cursor: frame.cursor)
        }
        return state.outboxCount.total
    }

    private func now() -> Instant {
        Instant(wall: Date(), monotonic: client.now)
    }
}
