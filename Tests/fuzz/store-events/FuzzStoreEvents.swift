// libFuzzer entry point for the store's event decoding and the event checks that need no database:
// StoreAPI's `KioskEvent` and `EventBatch` JSON (decoded with `StoreJSON`, as a push to /v1/events
// is) and StoreServer's `InputRules`, `InputLimits`, `KioskEventChecks` and `CatalogsInForce`.
// Not part of the package: Tests/system/store-events-fuzz.sh compiles it with those sources and
// `-sanitize=fuzzer`.
//
// Every decoded event goes through the checks `EventApplication` and `VoucherBatchApplication`
// make before their first database read, in their order, against a fixed catalog. A refusal or a
// doubt is an answer; a trap (overflow, precondition, out of bounds), an unexpected error, an
// encoding that is not stable (the store hashes it for idempotency) or a believed event outside
// the documented bounds is a crash.
import Foundation
import KioskDomain
import StoreAPI

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzStoreEvents(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(bytes: data, count: size)
    let decoder = StoreJSON.decoder()
    if let event = try? decoder.decode(KioskEvent.self, from: bytes) {
        inspect(event)
    } else if let batch = try? decoder.decode(EventBatch.self, from: bytes) {
        for event in batch.events { inspect(event) }
    }
    return 0
}

/// The catalog every event is checked against: plans with and without limits, a discount, a free
/// plan, a rate, and a largest note (so kept surpluses are believed up to it).
private let catalogs: CatalogsInForce = {
    let json = """
        {"version":3,"currency":"RUB","siteTimeZone":"Europe/Moscow","staff":[],"maxNoteMinor":500000,
         "zones":[{"id":"hall","name":"Hall","minuteCategory":"internet"},{"id":"vip","name":"VIP","minuteCategory":"game"}],
         "plans":[
          {"id":"hour","name":"1 hour","price":{"minor":10000,"currency":"RUB"},"grant":{"unit":"internet_minutes","quantity":60},
           "zones":[],"salesWindows":[],"validity":{},"maxBonusBasisPoints":0,"isFree":false,"discountBasisPoints":0},
          {"id":"day","name":"Day","price":{"minor":30000,"currency":"RUB"},"grant":{"unit":"game_minutes","quantity":600},
           "zones":["vip"],"salesWindows":[{"weekdays":[5,6],"startMinute":1320,"endMinute":480}],"validity":{"daysFromSale":1},
           "maxBonusBasisPoints":5000,"isFree":false,"discountBasisPoints":1000},
          {"id":"gift","name":"Gift","price":{"minor":0,"currency":"RUB"},"grant":{"unit":"internet_minutes","quantity":30},
           "zones":[],"salesWindows":[],"validity":{"daysFromFirstUse":30},"maxBonusBasisPoints":0,"isFree":true,"discountBasisPoints":0}],
         "rates":[{"id":"open","name":"Open time","hourlyPrice":{"minor":6000,"currency":"RUB"},"category":"internet",
                   "minimumAmount":{"minor":1000,"currency":"RUB"},"validity":{}}]}
        """
    guard let catalog = try? StoreJSON.decoder().decode(Catalog.self, from: Data(json.utf8)) else {
        fatalError("the fuzzer's own catalog does not decode")
    }
    return CatalogsInForce(catalogs: [catalog])
}()

private let currency = "RUB"

private func inspect(_ event: KioskEvent) {
    #if PLANTED_CRASH
    // Only to show that store-events-fuzz.sh fails on a crash: `PLANTED_CRASH=1` compiles this in.
    // A sale of 61 minutes is one step from the seeds' 60 (libFuzzer changes ASCII numbers).
    if case .ticketSold(let sale) = event.payload, sale.grant.quantity == 61 { fatalError("planted crash: a sale of 61 minutes") }
    #endif
    checkStableEncoding(event)
    do {
        try checks(event)
    } catch is Refusal {
    } catch is Doubt {
    } catch {
        fatalError("the checks threw neither a Refusal nor a Doubt: \(error)")
    }
}

/// The store hashes `StoreJSON`'s encoding of the decoded event: it must be the same bytes every
/// time, and decoding them must give an event that encodes to them again.
private func checkStableEncoding(_ event: KioskEvent) {
    guard let once = try? StoreJSON.encoder().encode(event) else { fatalError("a decoded event does not encode") }
    check((try? StoreJSON.encoder().encode(event)) == once, "the same event encodes to different bytes")
    guard let again = try? StoreJSON.decoder().decode(KioskEvent.self, from: once) else { fatalError("an encoded event does not decode") }
    check((try? StoreJSON.encoder().encode(again)) == once, "an event's encoding does not survive a round trip")
}

/// The checks `EventApplication.apply` (and `VoucherBatchApplication.apply`) make before their
/// first database read, in the same order, and the domain values they then build.
private func checks(_ event: KioskEvent) throws {
    try InputRules.identifier(event.id, "event id")
    switch event.payload {
    case .ticketSold(let sale):
        let code = try InputRules.code(sale.code)
        try InputRules.identifier(sale.planID, "planID")
        try InputRules.zones(sale.zones)
        try InputRules.validity(sale.validity)
        try InputRules.money(sale.price, "price", currency: currency)
        let grant = try InputRules.grant(sale.grant, currency: currency)
        try KioskEventChecks.sale(sale, catalogs: catalogs)
        _ = Ticket(code: code, planID: sale.planID, sellMode: sale.sellMode, createdAt: event.occurredAt)
        check((0...InputLimits.maxAmountMinor).contains(sale.price.minor), "a believed sale's price is out of bounds")
        check((0...InputLimits.maxGrantQuantity).contains(grant.quantity), "a believed sale's grant is out of bounds")

    case .refillApplied(let refill):
        try InputRules.identifier(refill.planID, "planID")
        try InputRules.money(refill.price, "price", currency: currency)
        if let surplus = refill.surplus { try InputRules.money(surplus, "surplus", currency: currency) }
        let grant = try InputRules.grant(refill.grant, currency: currency)
        try InputRules.validity(refill.validity)
        let paid = try InputRules.sum(refill.price.minor, refill.surplus?.minor ?? 0, "price + surplus")
        try KioskEventChecks.refill(refill, catalogs: catalogs)
        if let typed = refill.refillCode { _ = try InputRules.code(typed) }
        _ = PricePlan(id: refill.planID, name: refill.planID, price: .zero(.usd), grant: grant, validity: refill.validity)
        switch refill.target.kind {
        case .ticket: _ = try InputRules.code(refill.target.id)
        case .account: try InputRules.identifier(refill.target.id, "username")
        }
        check((0...2 * InputLimits.maxAmountMinor).contains(paid), "a believed refill's payment is out of bounds")

    case .customerCredit(let credit):
        try InputRules.money(credit.amount, "amount", currency: currency, allowZero: false)
        try InputRules.text(credit.reason, "reason")
        try InputRules.identifier(credit.reference, "reference")

    case .creditRedeemed(let redeemed):
        try InputRules.money(redeemed.amount, "amount", currency: currency, allowZero: false)
        try InputRules.identifier(redeemed.reference, "reference")

    case .cashCollected(let collection):
        try InputRules.money(collection.amount, "amount", currency: currency)
        try InputRules.identifier(collection.staffID, "staffID")
        if let counted = collection.counted { try InputRules.money(counted, "counted", currency: currency) }
        if let bag = collection.bag { try InputRules.identifier(bag, "bag") }
        let total = try InputRules.noteTotal(collection.notes)
        check(total >= 0, "notes add up to less than nothing")

    case .voucherBatchSold(let batch):
        try InputRules.identifier(batch.batchID, "batchID")
        try InputRules.identifier(batch.kind, "kind")
        try InputRules.identifier(batch.planID, "planID")
        try InputRules.money(batch.unitPrice, "unitPrice", currency: currency)
        guard (1...InputLimits.maxBatchCount).contains(batch.count) else { return }
        guard (batch.codes?.count ?? 0) <= batch.count, (batch.accounts?.count ?? 0) <= batch.count else { return }
        _ = try batch.grant.map { wire in try InputRules.grant(wire, currency: currency) }
        try InputRules.zones(batch.zones ?? [])
        if let validity = batch.validity { try InputRules.validity(validity) }
        try KioskEventChecks.voucherBatch(batch, catalogs: catalogs)
        let revenue = batch.sellMode == .now ? try InputRules.product(batch.unitPrice.minor, Int64(batch.count), "unitPrice × count") : 0
        for text in batch.codes ?? [] { _ = try InputRules.code(text) }
        for account in batch.accounts ?? [] {
            try InputRules.identifier(account.username, "username")
            try InputRules.text(account.password, "password", maxLength: 128)
        }
        check(revenue >= 0, "a believed batch earns less than nothing")
    }
}

private func check(_ condition: Bool, _ message: StaticString) {
    if !condition { fatalError("\(message)") }
}
