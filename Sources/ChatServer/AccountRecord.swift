import ChatProtocol

/// A registered name: who may use it (the password's hash) and whether it is an operator.
public struct AccountRecord: Sendable, Equatable, Codable {
    /// The name as registered (its key, `NameRules.key`, is the account's key).
    public var name: String
    /// `PasswordHash`'s encoding: the scheme, its parameters, the salt and the hash. Never the password.
    public var passwordHash: String
    /// Made an operator with `/op` (operators named by `serve --op` are operators whatever this says).
    public var isOperator: Bool
    public var createdMilliseconds: Int64

    public init(name: String, passwordHash: String, isOperator: Bool = false, createdMilliseconds: Int64) {
        self.name = name
        self.passwordHash = passwordHash
        self.isOperator = isOperator
        self.createdMilliseconds = createdMilliseconds
    }

    public var key: String { NameRules.key(self.name) }
}
