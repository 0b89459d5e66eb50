/// The earlier of two optional deadlines; nil only when neither is set.
func earliest(_ first: Double?, _ second: Double?) -> Double? {
    guard let first else { return second }
    guard let second else { return first }
    return min(first, second)
}
