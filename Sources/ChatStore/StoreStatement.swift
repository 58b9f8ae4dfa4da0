import SQLiteNIO

/// One SQL statement with its values (sqlite-nio runs one statement per query).
struct StoreStatement: Sendable {
    var sql: String
    var binds: [SQLiteData]

    init(_ sql: String, _ binds: [SQLiteData] = []) {
        self.sql = sql
        self.binds = binds
    }

    /// "(?, ?, ?), (?, ?, ?)": `rows` groups of `columns` placeholders.
    static func placeholders(rows: Int, columns: Int) -> String {
        let row = "(" + Array(repeating: "?", count: columns).joined(separator: ", ") + ")"
        return Array(repeating: row, count: rows).joined(separator: ", ")
    }
}
