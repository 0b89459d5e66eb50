import Foundation

/// What a session reports of the conversation's past when it opens.
public enum Backfill: Sendable, Equatable {
    /// The newest page of history, once the conversation first joins: what an agent sees
    /// first.
    case latestPage
    /// Nothing from before the session joined, and no history request when it first joins
    /// (a script that only sends, or watches from now on). An outbox entry that may already
    /// be stored still makes that join read history, to confirm it rather than send it
    /// twice. A catch-up after an outage reports what came after the first message the
    /// session reported; before there is one, what is dated after the session opened, less the
    /// 10 minutes the catch-up allows for clocks that disagree (so a few older messages may
    /// appear then, and nothing newer is left out).
    case none
}
