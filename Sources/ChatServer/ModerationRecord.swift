/// What the store keeps besides messages and sessions: accounts, bans and mutes, and mail for offline users. Few,
/// written rarely, all read when the store opens; one kind and key name each.
public enum ModerationRecord: Sendable, Equatable, Codable {
    case account(AccountRecord)
    case restriction(Restriction)
    case mail(MailRecord)

    public enum Kind: String, Sendable, Codable, CaseIterable {
        case account, restriction, mail
    }

    public var kind: Kind {
        switch self {
        case .account: .account
        case .restriction: .restriction
        case .mail: .mail
        }
    }

    /// Unique within its kind: the account's key, the restriction's or mail's id.
    public var key: String {
        switch self {
        case .account(let account): account.key
        case .restriction(let restriction): String(restriction.id)
        case .mail(let mail): String(mail.id)
        }
    }
}
