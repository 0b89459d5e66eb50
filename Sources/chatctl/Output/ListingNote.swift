import ChatModel

/// The stderr note for a listing that does not show everything there is.
enum ListingNote {
    /// For one page of conversations: nil when it holds the last of them.
    static func conversations(_ page: Page<Conversation>) -> String? {
        let first = (page.page - 1) * page.limit + 1
        if page.items.isEmpty {
            guard page.page > 1, page.total > 0 else { return nil }
            let pages = (page.total + page.limit - 1) / page.limit
            return "page \(page.page) is past the end: \(page.total) conversations fill \(pages) page\(pages == 1 ? "" : "s") of \(page.limit)"
        }
        guard page.hasNext else { return nil }
        let shown = page.page == 1 ? "\(page.items.count)" : "\(first)–\(first + page.items.count - 1)"
        return "showing \(shown) of \(page.total); use --all or --page \(page.page + 1)"
    }

    /// For the newest messages of a conversation, when older ones exist.
    static func messages(shown: Int, oldest: String) -> String {
        "showing the newest \(shown) messages; use --all, or --before \(oldest) for older ones"
    }
}
