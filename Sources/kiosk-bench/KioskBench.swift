import ArgumentParser

/// Benchmarks that print numbers (and ratios against a peer measured in the same run), one suite
/// per capability. Nothing here asserts a time: the figures go to README.md.
@main
struct KioskBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kiosk-bench",
        abstract: "Measures the kiosk: one subcommand per capability.",
        subcommands: [
            StoreSuite.self,
            CashSuite.self,
            DisplaySuite.self,
            RenderSuite.self,
            PrintSuite.self,
            SyncSuite.self,
        ])
}
