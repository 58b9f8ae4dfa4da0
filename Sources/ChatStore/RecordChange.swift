import ChatServer
import Foundation

/// An account, ban, mute, topic lock or mail to write with the next transaction, or to delete.
enum RecordChange: Sendable, Equatable {
    case save(ModerationRecord)
    case forget(ModerationRecord.Kind, key: String)

    /// The row's body: the record's own JSON (the `kind` column says which type it is).
    static func body(of record: ModerationRecord) -> String? {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data: Data?
        switch record {
        case .account(let account): data = try? encoder.encode(account)
        case .restriction(let restriction): data = try? encoder.encode(restriction)
        case .mail(let mail): data = try? encoder.encode(mail)
        }
        return data.map { String(decoding: $0, as: UTF8.self) }
    }

    /// A row read back. - Throws: a description of what is wrong with it.
    static func record(kind: String, body: String) throws -> ModerationRecord {
        let decoder = JSONDecoder()
        let data = Data(body.utf8)
        switch ModerationRecord.Kind(rawValue: kind) {
        case .account: return .account(try decoder.decode(AccountRecord.self, from: data))
        case .restriction: return .restriction(try decoder.decode(Restriction.self, from: data))
        case .mail: return .mail(try decoder.decode(MailRecord.self, from: data))
        case nil: throw RecordError(why: "unknown kind \(kind)")
        }
    }

    struct RecordError: Error, CustomStringConvertible {
        var why: String
        var description: String { self.why }
    }

    var statement: StoreStatement? {
        switch self {
        case .save(let record):
            guard let body = Self.body(of: record) else { return nil }
            return StoreStatement(
                "INSERT INTO records (kind, key, body) VALUES (?1, ?2, ?3)"
                    + " ON CONFLICT (kind, key) DO UPDATE SET body = excluded.body",
                [.text(record.kind.rawValue), .text(record.key), .text(body)])
        case .forget(let kind, let key):
            return StoreStatement(
                "DELETE FROM records WHERE kind = ?1 AND key = ?2", [.text(kind.rawValue), .text(key)])
        }
    }
}
