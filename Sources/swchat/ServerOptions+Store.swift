import ChatServer
import ChatStore
import Foundation

extension ServerOptions {
    /// The store `--store` names: memory, the file given (relative to the working directory), or the default file
    /// in the data directory. - Throws: `UsageFailure` when there is no data directory to default to.
    func storeOpener() throws -> StoreOpener {
        if self.store == "memory" { return .memory }
        let environment = ProcessInfo.processInfo.environment
        guard var path = self.store ?? StoreLocation.defaultPath(environment: environment) else {
            throw UsageFailure("no data directory ($XDG_DATA_HOME and $HOME are unset): pass --store PATH", code: 1)
        }
        if !path.hasPrefix("/") { path = FileManager.default.currentDirectoryPath + "/" + path }
        let configuration = SQLiteStoreConfiguration(
            retainMilliseconds: self.retain.flatMap(DurationText.milliseconds), retainMessages: self.retainMessages)
        return StoreOpener { [path] loop, logger in
            let (store, snapshot) = try await SQLiteMessageStore.open(
                path: path, configuration: configuration, eventLoop: loop, logger: logger)
            return try await loop.submit { OpenedStore(store, snapshot: snapshot, eventLoop: loop, description: path) }
                .get()
        }
    }
}
