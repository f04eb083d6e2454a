/// The one order statistic every suite prints: the sample at `fraction` of the way through the
/// sorted samples, by nearest rank (0.5 is the median, 0.99 the p99), so that a "median" or a "p99"
/// means the same in every line of the benchmark. NaN when there are no samples: a suite that
/// measured nothing says so rather than printing 0.
func percentile(_ samples: [Double], _ fraction: Double) -> Double {
    precondition((0...1).contains(fraction), "a percentile's fraction is between 0 and 1")
    guard !samples.isEmpty else { return .nan }
    let sorted = samples.sorted()
    return sorted[min(sorted.count - 1, Int((Double(sorted.count - 1) * fraction).rounded()))]
}

func median(_ samples: [Double]) -> Double { percentile(samples, 0.5) }
