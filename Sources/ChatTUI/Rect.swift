/// An axis-aligned rectangle of cells; `x` and `y` are its top-left corner.
public struct Rect: Hashable, Sendable {
    /// The side of a rectangle a slice is cut from.
    public enum Edge: Sendable {
        case top, bottom, left, right
    }

    public var x: Int
    public var y: Int
    public var width: Int
    public var height: Int

    /// A rectangle; a negative width or height becomes 0.
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(width, 0)
        self.height = max(height, 0)
    }

    /// One past the rightmost column.
    public var maxX: Int { x + width }
    /// One past the bottom row.
    public var maxY: Int { y + height }
    public var isEmpty: Bool { width == 0 || height == 0 }

    /// The rectangle shrunk by `amount` on every side (never below zero size).
    public func inset(by amount: Int) -> Rect {
        inset(dx: amount, dy: amount)
    }

    /// The rectangle shrunk by `dx` on the left and right and `dy` on the top and bottom.
    public func inset(dx: Int, dy: Int) -> Rect {
        Rect(x: x + dx, y: y + dy, width: width - 2 * dx, height: height - 2 * dy)
    }

    /// The overlap of two rectangles (empty if they do not overlap).
    public func intersection(_ other: Rect) -> Rect {
        let left = max(x, other.x)
        let top = max(y, other.y)
        return Rect(x: left, y: top, width: min(maxX, other.maxX) - left, height: min(maxY, other.maxY) - top)
    }

    /// Cuts `distance` rows or columns (clamped to the rectangle) off `edge`:
    /// `slice` is the cut part, `remainder` the rest.
    public func divided(atDistance distance: Int, from edge: Edge) -> (slice: Rect, remainder: Rect) {
        switch edge {
        case .top:
            let d = min(max(distance, 0), height)
            return (Rect(x: x, y: y, width: width, height: d), Rect(x: x, y: y + d, width: width, height: height - d))
        case .bottom:
            let d = min(max(distance, 0), height)
            return (Rect(x: x, y: maxY - d, width: width, height: d), Rect(x: x, y: y, width: width, height: height - d))
        case .left:
            let d = min(max(distance, 0), width)
            return (Rect(x: x, y: y, width: d, height: height), Rect(x: x + d, y: y, width: width - d, height: height))
        case .right:
            let d = min(max(distance, 0), width)
            return (Rect(x: maxX - d, y: y, width: d, height: height), Rect(x: x, y: y, width: width - d, height: height))
        }
    }
}
