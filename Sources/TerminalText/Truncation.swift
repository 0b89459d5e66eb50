extension StringProtocol {
    /// The string cut to at most `width` columns, ending in `…` when cut; never splits a
    /// grapheme cluster or half a wide character.
    public func truncated(toWidth width: Int) -> String {
        guard displayWidth > width else { return String(self) }
        guard width > 0 else { return "" }
        var result = ""
        var used = 0
        for character in self {
            let next = character.displayWidth
            if used + next > width - 1 { break }
            result.append(character)
            used += next
        }
        return result + "…"
    }
}
