import Foundation

extension UUID {
    /// The lowercase form the servers write and chatctl prints everywhere (tables, TSV,
    /// `-q`, JSON, error messages), so an id from one output matches another's.
    var wireString: String { uuidString.lowercased() }
}
