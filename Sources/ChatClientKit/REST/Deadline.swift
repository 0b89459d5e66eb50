/// Bounds a whole piece of work in time, whatever it waits on.
public enum Deadline {
    /// Runs `body`; when `clock` reaches `deadline` first, cancels it and throws `expired`.
    public static func run<T: Sendable>(
        until deadline: Double, clock: any ChatClock, orThrow expired: ChatError,
        _ body: @escaping @Sendable () async throws(ChatError) -> T
    ) async throws(ChatError) -> T {
        let outcome = await withTaskGroup(of: Result<T, ChatError>?.self) { group in
            group.addTask {
                do throws(ChatError) {
                    return .success(try await body())
                } catch {
                    return .failure(error)
                }
            }
            group.addTask {
                do {
                    try await clock.sleep(until: deadline)
                } catch {
                    return nil
                }
                return .failure(expired)
            }
            while let next = await group.next() {
                guard let next else { continue }
                group.cancelAll()
                return next
            }
            return .failure(ChatError.timeout("cancelled"))
        }
        return try outcome.get()
    }
}
