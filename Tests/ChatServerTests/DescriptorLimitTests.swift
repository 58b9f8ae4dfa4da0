import Glibc
import Testing

@testable import ChatServer

@Suite("DescriptorLimit")
struct DescriptorLimitTests {
    @Test("a client limit that fits is kept; one beyond the hard descriptor limit is lowered to what fits")
    func fits() {
        #expect(DescriptorLimit.clients(fitting: 10) == 10)
        var limit = rlimit()
        #expect(getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0)
        let huge = 1 << 40
        let fitted = DescriptorLimit.clients(fitting: huge)
        if limit.rlim_max < rlim_t(huge) {
            #expect(fitted < huge)
            #expect(fitted <= Int(limit.rlim_max) - DescriptorLimit.reserved)
        }
        #expect(fitted >= 1)
    }
}
