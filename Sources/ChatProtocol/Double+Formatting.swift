extension Double {
    /// The number as people and JSON write it: "5" when whole, "2.5" otherwise (the one formatter for both; it is
    /// what JSONEncoder writes for these values too).
    public var plainText: String {
        guard self.isFinite else { return "0" }
        return self == self.rounded() && abs(self) < 1e15 ? String(Int(self)) : String(self)
    }
}
