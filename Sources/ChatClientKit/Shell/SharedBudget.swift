import Synchronization

/// One user's `UserBudget`, shared by all the links of a `ChatClient`.
final class SharedBudget: Sendable {
    private let budget: Mutex<UserBudget>

    init(limits: ClientLimits) {
        budget = Mutex(UserBudget(limits: limits))
    }

    /// Runs `body` with the budget held, so two links never spend the same allowance.
    func withLock<Result: Sendable>(_ body: (inout UserBudget) -> Result) -> Result {
        budget.withLock { body(&$0) }
    }
}
