import ArgumentParser
import Foundation
import KioskCore
import KioskDomain

struct VouchersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "vouchers", abstract: "Voucher batches for the counter.",
                                                    subcommands: [Generate.self])

    struct Generate: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Generate a batch of tickets, refills or user accounts, save it, and print it.",
            discussion: "Example: kiosk vouchers generate --count 10 --type ticket --plan internet-1h --format csv")

        @OptionGroup var global: GlobalOptions
        @Option(help: "How many vouchers (1…\(VoucherBatch.maximumCount)).") var count: Int
        @Option(name: .customLong("type"), help: "user, ticket, refill or free.") var kind: VoucherBatch.Kind = .ticket
        @Option(help: "Plan id (see `kiosk plans list`).") var plan: String
        @Option(help: "Discount for this batch in percent (e.g. 10 or 12.5).") var discount: String = "0"
        @Option(help: "Username prefix for user accounts (USER → USER11, USER12 …).") var prefix: String = "USER"
        @Option(help: "First number after the prefix.") var startNumber: Int = 1
        @Option(help: "Password length for user accounts (10…64; 10 symbols are 57 bits).") var passwordLength: Int = 10
        @Option(help: "Account kind: prepaid, postpaid or usage_based.") var accountKind: Account.Kind = .prepaid
        @Option(help: "Random symbols per ticket or refill code (10 = 50 bits).") var codeLength: Int = AccessCode.defaultRandomLength
        @Option(help: "now: sold at once; later: sold on first use.") var sell: SellMode = .now
        @Option(help: "Output format: table, csv or json.") var format: OutputFormat = .table

        func validate() throws {
            guard DecimalText.minorUnits(discount, minorPerMajor: 100) != nil else {
                throw ValidationError("--discount must be a percentage like 10 or 12.5, got '\(discount)'")
            }
            let problems = options(discountBasisPoints: 0).problems()
            if let first = problems.first { throw ValidationError(first) }
        }

        func options(discountBasisPoints: Int) -> VoucherBatch {
            VoucherBatch(count: count, kind: kind, planID: plan, discountBasisPoints: discountBasisPoints, prefix: prefix,
                         startNumber: startNumber, passwordLength: passwordLength, accountKind: accountKind,
                         codeLength: codeLength, sellMode: sell)
        }

        func run() async throws {
            let basisPoints = Int(DecimalText.minorUnits(discount, minorPerMajor: 100)!)
            let runtime = try await Runtime.open(global)
            let generate = GenerateVouchers(store: runtime.store, clock: SystemWallClock(), namespace: runtime.config.namespace,
                                            rng: SystemRandomNumberGenerator())
            let batchOptions = options(discountBasisPoints: basisPoints)
            let saved: SavedBatch
            do {
                saved = try await generate.run(batchOptions)
            } catch let error as VoucherError {
                throw CommandFailure(description: error.description)
            }
            let planValue = try await runtime.store.plan(id: plan)!
            let price = MoneyFormatter.plain(batchOptions.unitPrice(of: planValue))
            let rows = saved.items.map { item in
                [String(saved.batchID), kind.rawValue, item.login, item.password ?? "", plan, price, sell.rawValue]
            }
            print(Output.render(headers: ["batch", "type", "code", "password", "plan", "price", "sell"], rows: rows, format: format),
                  terminator: "")
        }
    }
}

extension VoucherBatch.Kind: ExpressibleByArgument {}
extension SellMode: ExpressibleByArgument {}
extension Account.Kind: ExpressibleByArgument {}
