import ChatProtocol
import Testing

/// A reference around the bucket, so `#expect(bucket.take(...))` needs no `var` inside the macro.
private final class Bucket {
    private var bucket: TokenBucket

    init(burst: Int, perSecond: Double, now: UInt64) {
        self.bucket = TokenBucket(limit: FloodLimit(burst: burst, perSecond: perSecond), now: now)
    }

    func take(now: UInt64) -> Bool {
        self.bucket.take(now: now)
    }

    /// How many of `count` takes at the same instant pass.
    func passes(_ count: Int, at now: UInt64) -> Int {
        (0..<count).filter { _ in self.take(now: now) }.count
    }
}

@Suite("TokenBucket")
struct TokenBucketTests {
    private static let second: UInt64 = 1_000_000_000

    @Test func burstThenNothingAtTheSameInstant() {
        let bucket = Bucket(burst: 3, perSecond: 1, now: 0)
        #expect(bucket.take(now: 0))
        #expect(bucket.take(now: 0))
        #expect(bucket.take(now: 0))
        #expect(!bucket.take(now: 0))
        #expect(!bucket.take(now: 0))
    }

    @Test func refillsAtTheRate() {
        let start: UInt64 = 5 * Self.second
        let bucket = Bucket(burst: 3, perSecond: 1, now: start)
        #expect(bucket.passes(3, at: start) == 3)
        #expect(!bucket.take(now: start + Self.second / 2))
        #expect(bucket.take(now: start + Self.second))
        #expect(!bucket.take(now: start + Self.second))
        #expect(!bucket.take(now: start + 2 * Self.second - Self.second / 1000))  // 1 ms early
        #expect(bucket.take(now: start + 2 * Self.second))
    }

    @Test func fasterRate() {
        let bucket = Bucket(burst: 10, perSecond: 4, now: 0)
        #expect(bucket.passes(20, at: 0) == 10)
        #expect(bucket.passes(20, at: Self.second) == 4)
        #expect(bucket.passes(20, at: Self.second + Self.second / 4) == 1)
    }

    @Test func fractionalRate() {
        let bucket = Bucket(burst: 1, perSecond: 0.5, now: 0)
        #expect(bucket.take(now: 0))
        #expect(!bucket.take(now: Self.second))
        #expect(bucket.take(now: 2 * Self.second))
        #expect(!bucket.take(now: 3 * Self.second))
    }

    @Test func refillIsCappedAtTheBurst() {
        let bucket = Bucket(burst: 3, perSecond: 1, now: 0)
        #expect(bucket.passes(3, at: 0) == 3)
        #expect(bucket.passes(100, at: 3600 * Self.second) == 3)
    }

    @Test func steadyRateAtTheLimitNeverDrops() {
        let bucket = Bucket(burst: 1, perSecond: 2, now: 0)
        for step in UInt64(0)..<1000 {
            #expect(bucket.take(now: step * Self.second / 2), "step \(step)")
        }
    }

    @Test func timeGoingBackwardsRefillsNothing() {
        let bucket = Bucket(burst: 2, perSecond: 1, now: 10 * Self.second)
        #expect(bucket.passes(2, at: 10 * Self.second) == 2)
        #expect(!bucket.take(now: 5 * Self.second))
        #expect(!bucket.take(now: 10 * Self.second))
        #expect(bucket.take(now: 11 * Self.second))
    }

    @Test func manyPartialRefillsAddUpToAToken() {
        // 1000 refills of a thousandth of a token each, summed in floating point, still make one token.
        let bucket = Bucket(burst: 1, perSecond: 1, now: 0)
        #expect(bucket.take(now: 0))
        for milli in UInt64(1)..<1000 {
            #expect(!bucket.take(now: milli * Self.second / 1000))
        }
        #expect(bucket.take(now: Self.second))
    }

    @Test func failedTakesDoNotDelayRefill() {
        let bucket = Bucket(burst: 1, perSecond: 1, now: 0)
        #expect(bucket.take(now: 0))
        for tenth in UInt64(1)..<10 {
            #expect(!bucket.take(now: tenth * Self.second / 10))
        }
        #expect(bucket.take(now: Self.second))
    }

    @Test("a credit lets through what the rate allowed while the server could not read, on top of the burst, once")
    func credit() {
        var bucket = TokenBucket(limit: FloodLimit(burst: 10, perSecond: 5), now: 0)
        let burst = (0..<10).filter { _ in bucket.take(now: 0) }.count
        #expect(burst == 10)
        bucket.credit(seconds: 4, now: 1)
        let credited = (0..<31).filter { _ in bucket.take(now: 1) }.count
        #expect(credited == 30, "the burst and 4 s at 5 per second")
        bucket.credit(seconds: 3600, now: 2)
        let passed = (0..<1000).filter { _ in bucket.take(now: 2) }.count
        #expect(passed == 10 + 300, "at most a minute's worth")
    }
}
