#if canImport(Glibc)
import Glibc
#endif

/// CLOCK_MONOTONIC: deadlines and durations that a change of the wall clock (NTP, a technician
/// setting the date) cannot stretch or shrink. The same clock in every process of the box, so a
/// time one process prints can be compared with another's (the display probe and kiosk-bench).
public enum MonotonicClock {
    public static func nanoseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    public static func milliseconds() -> Int64 {
        Int64(nanoseconds() / 1_000_000)
    }

    public static func seconds() -> Double {
        Double(nanoseconds()) / 1e9
    }
}
