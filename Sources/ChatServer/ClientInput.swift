import ChatProtocol

/// What a client's line means, once decoded by `ClientFrameDecoder`.
enum ClientInput {
    /// A JSON frame.
    case frame(Message)
    /// A line from a text client.
    case text(String)
    /// A line that could not be read; the client is told why.
    case invalid(ProtocolError)
    /// A connection taken for a text client (it was silent at first) sent a JSON frame: it speaks JSON.
    case upgrade(Message)
}
