/// The exactly-once check of `--reconnect-every`: from what every client received, what each one missed, got twice or
/// got out of order.
///
/// What counts as sent in a room is the union of the seqs that all of its clients received of this run's messages.
/// Senders never reconnect, and each receives its own messages' echoes, so every message the server accepted from a
/// sender is in that union unless the server lost it for its own sender too (that shows as deliveries short of
/// expected, not here). A client that missed a seq another client of its room got has it counted as missing.
public enum ResumeAccounting {
    /// One client at the end of a run.
    public struct Record: Sendable, Equatable {
        /// The client's number in the run.
        public var client: Int
        /// Its room's number (client modulo rooms).
        public var room: Int
        /// Times it reconnected and was welcomed again.
        public var resumes: Int
        /// `gap` frames it got (the server would not replay everything it asked for).
        public var gaps: Int
        /// Messages those gaps said would not be shown (their `missing`).
        public var announced: UInt64
        public var ledger: SeqLedger

        public init(
            client: Int, room: Int, resumes: Int = 0, gaps: Int = 0, announced: UInt64 = 0,
            ledger: SeqLedger = SeqLedger()
        ) {
            self.client = client
            self.room = room
            self.resumes = resumes
            self.gaps = gaps
            self.announced = announced
            self.ledger = ledger
        }
    }

    /// What the check found for one client.
    public struct Figures: Sendable, Equatable {
        public var client: Int
        public var room: Int
        public var resumes: Int
        public var gaps: Int
        /// What its gaps announced as not shown: of `missing`, the part the protocol allows (`--max-resume`, or what
        /// the server's store no longer held); the rest was lost without a word.
        public var announced: UInt64
        /// Seqs of its room that another client received and it never did.
        public var missing: UInt64
        /// Seqs it received more than once (each extra time counts).
        public var doubled: UInt64
        /// Seqs it received after a higher one.
        public var outOfOrder: UInt64

        public init(
            client: Int, room: Int, resumes: Int = 0, gaps: Int = 0, announced: UInt64 = 0, missing: UInt64 = 0,
            doubled: UInt64 = 0, outOfOrder: UInt64 = 0
        ) {
            self.client = client
            self.room = room
            self.resumes = resumes
            self.gaps = gaps
            self.announced = announced
            self.missing = missing
            self.doubled = doubled
            self.outOfOrder = outOfOrder
        }

        /// Nothing missing, doubled or out of order.
        public var isExact: Bool { self.missing == 0 && self.doubled == 0 && self.outOfOrder == 0 }
    }

    /// Each client's figures, by client number.
    public static func figures(_ records: [Record]) -> [Figures] {
        var byRoom: [Int: [SeqLedger]] = [:]
        for record in records { byRoom[record.room, default: []].append(record.ledger) }
        let sent = byRoom.mapValues { SeqLedger.union($0) }
        return records.sorted { $0.client < $1.client }.map { record in
            Figures(
                client: record.client, room: record.room, resumes: record.resumes, gaps: record.gaps,
                announced: record.announced,
                missing: record.ledger.missing(of: sent[record.room] ?? []), doubled: record.ledger.doubled,
                outOfOrder: record.ledger.outOfOrder)
        }
    }
}
