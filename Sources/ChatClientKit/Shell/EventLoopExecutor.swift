import NIOCore

/// A task executor on one SwiftNIO event loop: a client's sockets read and write on that
/// loop, and tasks that prefer this executor (its links' socket tasks and timers, and an
/// app's own with `withTaskExecutorPreference(client.executor)`) run there too. A message
/// then goes from the socket through the link to the app on one thread, with no hand-off
/// between threads.
final class EventLoopExecutor: TaskExecutor {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        eventLoop.execute { job.runSynchronously(on: executor) }
    }
}
