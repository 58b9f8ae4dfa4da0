/// Where a `ClientFrameDecoder` takes its lines: first whether one may be read at all (the flood limit, asked
/// before anything is parsed), then what it means.
protocol ClientInputSink: AnyObject {
    /// - Parameter mayBeHandshake: the connection may yet turn out to be a JSON client, whose hello is free.
    func admit(mayBeHandshake: Bool) -> Bool
    /// A decoded line.
    func received(_ input: ClientInput)
}
