import ArgumentParser

struct StoreSuite: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "store", abstract: "Durable purchases per second; voucher batch generation.")
    func run() async throws { print("store suite: not written yet") }
}
