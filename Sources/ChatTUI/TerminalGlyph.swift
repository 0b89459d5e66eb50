import TerminalText

/// What to hand a terminal library that measures each code point on its own (ncurses
/// with `wcwidth`) so that a cluster takes exactly the columns the `ScreenBuffer` gave it.
///
/// Where the library's sum disagrees with the cluster's width (emoji sequences, flags,
/// keycaps, code points it does not know), a part of the cluster that measures right is
/// drawn instead, padded with spaces if needed, so nothing after it shifts.
public enum TerminalGlyph {
    /// At most this many code points fit in one ncurses cell (a spacing one and four combining).
    public static let maxScalars = 5

    /// The code points to draw and the spaces to draw after them; `measure` gives the
    /// library's width of one code point (negative for unprintable).
    public static func fitting(
        _ character: Character, measure: (Unicode.Scalar) -> Int
    ) -> (scalars: [Unicode.Scalar], padding: Int) {
        let width = character.displayWidth
        let scalars = Array(character.unicodeScalars)
        let widths = scalars.map(measure)
        if widths[0] == width, widths.dropFirst().allSatisfy({ $0 == 0 }), scalars.count <= maxScalars {
            return (scalars, 0)
        }
        if let index = widths.firstIndex(of: width) {
            return ([scalars[index]], 0)
        }
        if let index = widths.firstIndex(where: { $0 > 0 && $0 < width }) {
            return ([scalars[index]], width - widths[index])
        }
        return (["\u{FFFD}"], max(width - 1, 0))
    }
}
