import Foundation
import KioskCore
import KioskDomain
import KioskStoreSQLite
import PropertyBased
import Testing

/// Any sequence of kiosk operations — escrows, stacked reports (repeated too), returns, cancels,
/// sales with or without surplus, voucher batches — leaves ledger sums equal to balances, the
/// cash box equal to the stacked notes, and every stacked note credited exactly once.
@Suite struct LedgerPropertyTests {
    @Test func ledgerSumsEqualBalancesWhateverHappens() async throws {
        let operations = Gen.int(in: 0...59).array(of: 1...40)
        await propertyCheck(count: 25, input: operations) { codes in
            let folder = TemporaryFolder()
            let store = try! await openStore(folder.database)
            var rng = SystemRandomNumberGenerator()
            var purchase = 0
            var notes: [(id: String, purchase: String, amount: Money)] = []
            var credit: [String: Money] = [:]   // what the domain would count per purchase
            var stackedCount = 0
            try! await store.beginPurchase(.init(id: "p0", product: .ticket(hourPlan), startedAt: Date()))
            for code in codes {
                let id = "p\(purchase)"
                let denomination: Int64 = [10, 50, 100, 200][code % 4]
                switch code / 10 {
                case 0, 1:
                    if let note = try? await store.recordEscrow(purchaseID: id, amount: .major(denomination, .rub), deviceRef: "prop") {
                        notes.append((note, id, .major(denomination, .rub)))
                    }
                case 2:
                    if let note = notes.randomElement(using: &rng) {
                        let after = (credit[note.purchase] ?? .zero(.rub)) + note.amount
                        if (try? await store.recordStacked(noteID: note.id, paysPurchase: after >= hourPlan.price)) == true {
                            stackedCount += 1
                            credit[note.purchase] = after
                        }
                    }
                case 3:
                    if let note = notes.randomElement(using: &rng) { try? await store.recordReturned(noteID: note.id) }
                case 4:
                    _ = try? await store.cancelPurchase(purchaseID: id)
                    purchase += 1
                    try! await store.beginPurchase(.init(id: "p\(purchase)", product: .ticket(hourPlan), startedAt: Date()))
                default:
                    let placement: SurplusPlacement? = code % 2 == 0 ? .extraGrant(.minutes(5, .internet)) : nil
                    if (try? await store.issueTicket(purchaseID: id, ticket: newTicket(&rng), grant: hourPlan.grant, surplus: placement)) != nil {
                        try! await store.completePurchase(purchaseID: id)
                        purchase += 1
                        try! await store.beginPurchase(.init(id: "p\(purchase)", product: .ticket(hourPlan), startedAt: Date()))
                    }
                }
            }
            let problems = try! await store.verify()
            #expect(problems.isEmpty, "\(problems)")
        }
    }
}
