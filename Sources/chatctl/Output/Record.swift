import Foundation

/// A value chatctl prints in every output mode.
protocol Record: Encodable, Sendable, Identifiable where ID: CustomStringConvertible {
    /// Table columns, in the order of `cells()`.
    static var columns: [TableColumn] { get }
    /// The table row: local times, coloured where it helps.
    func cells() -> [Cell]
    /// The TSV row: ISO-8601 times, fields in a fixed documented order.
    func fields() -> [String]
    /// The table view of a single record.
    func details() -> DetailList
}
