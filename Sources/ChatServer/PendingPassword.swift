/// What a password job given to the shell was for, kept by the core until its outcome comes back.
struct PendingPassword {
    enum Purpose {
        /// `/register`: the name (and its key) to make an account of.
        case register(name: String)
        /// `/login`, or a hello with a password (`hello` then says what it asked for); `exists`: whether the
        /// account was there (else the decoy hash was checked).
        case login(account: String, exists: Bool, hello: Hello?)
        case passwd(account: String)
        case unregister(account: String)
    }

    let member: MemberID
    let purpose: Purpose
    /// The throttle keys the attempt counted against (cleared when the password is right).
    let keys: [String]
}
