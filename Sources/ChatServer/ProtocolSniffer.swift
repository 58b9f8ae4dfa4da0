import NIOCore
import NIOSSL
import NIOTLS

/// Decides from the first byte whether a connection speaks JSON (`{`) or plain text (anything else, or
/// silence for `timeout`), announces it with a `SniffResult` user event, then passes bytes through untouched.
///
/// With a TLS context, a first byte 0x16 (a TLS handshake record, the ClientHello) starts TLS instead: a
/// `NIOSSLServerHandler` goes in right after this sniffer, with a second sniffer (`encrypted`) after it that sniffs
/// the decrypted bytes the same way, its silence counted from the end of the handshake, and the first bytes are
/// passed on to the TLS handler. Only the first read does anything: after it, each read costs one branch.
final class ProtocolSniffer: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private let timeout: TimeAmount
    /// Where a ClientHello leads, if the server has a certificate.
    private let tls: NIOSSLContext?
    /// The sniffer inside TLS: its client is encrypted, and its clock starts when the handshake ends.
    private let encrypted: Bool
    /// How long the inner sniffer waits for the handshake to end before it closes the connection.
    private let handshakeTimeout: TimeAmount
    private var decided = false
    /// Decided by silence and nothing read since: the first bytes after it are announced (`FirstInput`).
    private var silent = false
    private var timer: Scheduled<Void>?

    /// The first byte of a TLS handshake record.
    static let tlsHandshakeRecord: UInt8 = 0x16

    init(
        timeout: TimeAmount, tls: NIOSSLContext? = nil, encrypted: Bool = false,
        handshakeTimeout: TimeAmount = .seconds(10)
    ) {
        self.timeout = timeout
        self.tls = tls
        self.encrypted = encrypted
        self.handshakeTimeout = handshakeTimeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        // The inner sniffer comes into an active channel: its first clock is the handshake's.
        guard self.encrypted else { return }
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        self.timer = context.eventLoop.scheduleTask(in: self.handshakeTimeout) {
            loopBound.value.close(promise: nil)
        }
    }

    func channelActive(context: ChannelHandlerContext) {
        if !self.encrypted { self.startSilenceTimer(context: context) }
        context.fireChannelActive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if !self.decided {
            let first = Self.unwrapInboundIn(data).readableBytesView.first
            if first == Self.tlsHandshakeRecord, let tls = self.tls {
                self.startTLS(tls, context: context)
            } else {
                self.decide(first == UInt8(ascii: "{") ? .json : .text, byTimeout: false, context: context)
            }
        } else if self.silent {
            self.silent = false
            context.fireUserInboundEventTriggered(FirstInput())
        }
        context.fireChannelRead(data)
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if self.encrypted, !self.decided, let event = event as? TLSUserEvent, case .handshakeCompleted = event {
            self.timer?.cancel()
            self.startSilenceTimer(context: context)
        }
        context.fireUserInboundEventTriggered(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        self.timer?.cancel()
        self.decided = true
        context.fireChannelInactive()
    }

    private func startSilenceTimer(context: ChannelHandlerContext) {
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        self.timer = context.eventLoop.scheduleTask(in: self.timeout) {
            let (sniffer, context) = loopBound.value
            sniffer.decide(.text, byTimeout: true, context: context)
        }
    }

    /// Puts TLS after this sniffer, and a sniffer for the decrypted bytes after TLS; the caller then passes the
    /// ClientHello on to it. This sniffer has decided nothing: the inner one will.
    private func startTLS(_ tls: NIOSSLContext, context: ChannelHandlerContext) {
        self.decided = true
        self.timer?.cancel()
        self.timer = nil
        let handlers = context.pipeline.syncOperations
        do {
            let inner = ProtocolSniffer(timeout: self.timeout, encrypted: true, handshakeTimeout: self.handshakeTimeout)
            try handlers.addHandler(inner, position: .after(self))
            try handlers.addHandler(NIOSSLServerHandler(context: tls), position: .after(self))
        } catch {
            context.close(promise: nil)
        }
    }

    private func decide(_ kind: ClientKind, byTimeout: Bool, context: ChannelHandlerContext) {
        guard !self.decided else { return }
        self.decided = true
        self.silent = byTimeout
        self.timer?.cancel()
        self.timer = nil
        context.fireUserInboundEventTriggered(SniffResult(kind: kind, byTimeout: byTimeout, encrypted: self.encrypted))
    }
}

@available(*, unavailable)
extension ProtocolSniffer: Sendable {}

/// The first bytes of a client that was silent when the sniffer decided: from here on it is sending (a reader that
/// only lurks is not held to the header timeout; one that starts a line must finish it in time).
struct FirstInput: Sendable {}

/// What the sniffer decided, whether only silence decided it (the client may still turn out to be JSON), and
/// whether the connection is TLS.
struct SniffResult: Sendable {
    let kind: ClientKind
    let byTimeout: Bool
    var encrypted = false
}
