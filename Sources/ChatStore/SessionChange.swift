import ChatServer

/// A session write waiting for the next transaction.
enum SessionChange: Sendable, Equatable {
    case save(SessionRecord)
    case forget(UInt64)

    var number: UInt64 {
        switch self {
        case .save(let record): record.number
        case .forget(let number): number
        }
    }
}
