import ArgumentParser
import Foundation
import KioskDomain

struct PlansCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "plans", abstract: "The catalog of plans.",
                                                    subcommands: [List.self])

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the plans, and whether each is on sale now.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "Output format: table, csv or json.") var format: OutputFormat = .table

        func run() async throws {
            let runtime = try await Runtime.open(global)
            let plans = try await runtime.store.activePlans()
            let now = Date()
            let config = runtime.config
            let rows: [[String]] = plans.map { plan in
                [plan.id, plan.name, MoneyFormatter.plain(plan.effectivePrice), plan.price.currency.code, Self.describe(plan.grant),
                 plan.isOnSale(inZone: config.zone, at: now, siteTimeZone: config.siteTimeZone) ? "yes" : "no",
                 plan.isFree ? "yes" : "no"]
            }
            print(Output.render(headers: ["id", "name", "price", "currency", "grants", "on_sale_now", "free"], rows: rows, format: format),
                  terminator: "")
        }

        static func describe(_ grant: Grant) -> String {
            switch grant {
            case .minutes(let minutes, let category): "\(minutes) \(category.rawValue) minutes"
            case .dataMegabytes(let megabytes): "\(megabytes) MB"
            case .money(let money): "\(MoneyFormatter.plain(money)) \(money.currency.code) balance"
            }
        }
    }
}
