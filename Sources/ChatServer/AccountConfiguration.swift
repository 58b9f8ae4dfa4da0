/// What `serve` says about accounts and operators.
public struct AccountConfiguration: Sendable {
    /// Keys of the accounts named by `--op`: operators whatever the store says.
    public var operators: Set<String> = []
    /// Only logged-in users may speak (`--require-account`); guests may read the default room and register.
    public var requireAccount = false
    /// Passwords over clear text from another machine are accepted (`--allow-plaintext-auth`).
    public var allowPlaintextAuth = false
    /// Loopback connections are trusted (`--trust-loopback`): their address is never banned, only their account;
    /// the shell sets it from `ServerConfiguration.trustLoopback`.
    public var trustLoopback = false
    /// The cost of new password hashes.
    public var passwordCost = PasswordHash.Cost.standard
    /// Login attempts per address and per account per minute before the growing delay.
    public var loginAttemptsPerMinute = 5
    /// Password checks waiting or running at once; more are told the server is busy.
    public var maxPasswordJobs = 32
    /// Mail kept for one offline account.
    public var mailPerAccount = 100
    public var mailBytesPerAccount = 64 * 1024
    /// Fewest characters in a password.
    public var minimumPasswordLength = 8

    public init() {}
}
