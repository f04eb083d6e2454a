import KioskDomain

extension UIController {
    /// What a button (or the equivalent key) does on the current screen.
    mutating func perform(_ action: UIAction) -> [UIIntent] {
        switch action {
        case .setLanguage(let l):
            model.language = l
            return [.languageChanged(l)]
        case .choosePlan(let id):
            return [.choosePlan(id: id)]
        case .buyTime:
            return [.buyTimeForAmount]
        case .startRefill:
            model.screen = .refillEntry(TextEntry(mode: .code))
            return []
        case .confirmAmount:
            return [.confirmAmount]
        case .toggleLargeText:
            model.display.largeText.toggle()
            return []
        case .toggleHighContrast:
            model.display.highContrast.toggle()
            return []
        case .showPage(let page):
            model.page = page
            return []
        case .moreTime:
            model.countdown = nil   // `handle` has already counted the tap as activity
            return []
        case .cancel:
            return cancel()
        case .finish:
            let wasSale = if case .done = model.screen { true } else if case .refillDone = model.screen { true } else { false }
            model.screen = .idle
            return wasSale ? [.saleFinished] : []
        case .key(let ch):
            editEntry { e in
                guard e.text.count < TextEntry.maxLength else { return }
                e.text.append(e.mode == .code ? Character(ch.uppercased()) : ch)
            }
            return []
        case .backspace:
            editEntry { e in if !e.text.isEmpty { e.text.removeLast() } }
            return []
        case .submitEntry:
            return submitEntry()
        case .setEntryMode(let mode):
            if case .refillEntry = model.screen { model.screen = .refillEntry(TextEntry(mode: mode)) }
            return []
        case .chooseRefillPlan(let id):
            guard case .refillChoosePlan(let a) = model.screen else { return [] }
            return [.chooseRefillPlan(id: id, target: a.query)]
        case .pinDigit(let d):
            guard case .staffPIN(var p) = model.screen, !isLocked(p) else { return [] }
            if p.digits.count < PINEntry.maximumLength { p.digits.append(Character(String(d))) }
            p.message = nil
            model.screen = .staffPIN(p)
            return []
        case .pinClear:
            guard case .staffPIN(let p) = model.screen, !isLocked(p) else { return [] }
            model.screen = .staffPIN(PINEntry())
            return []
        case .pinSubmit:
            guard case .staffPIN(let p) = model.screen, !isLocked(p) else { return [] }
            guard p.digits.count >= PINEntry.minimumLength else {
                model.screen = .staffPIN(PINEntry(message: .tooShort))
                return []
            }
            model.screen = .staffPIN(PINEntry())   // the PIN leaves the UI at once; nothing keeps it
            return [.staffPIN(p.digits)]
        case .staffOpen(let page):
            guard model.screen.isStaff else { return [] }
            if case .staffPIN = model.screen { return [] }   // only a PIN opens staff pages
            switch page {
            case .menu: model.screen = .staffMenu
            case .collection: model.screen = .staffCollection(CollectionForm(currency: model.catalog.currency, expected: model.staff.cashBox))
            case .vouchers: model.screen = .staffVouchers(VoucherForm(planID: model.catalog.plans.first?.id))
            case .credits: model.screen = .staffCredits
            case .deviceStatus: model.screen = .staffDeviceStatus
            }
            return [.staffPageOpened(page)]
        case .staffExit:
            model.screen = .idle
            return [.staffLeft]
        case let .adjustCount(denomination, delta):
            guard case .staffCollection(var f) = model.screen else { return [] }
            f.counted[denomination] = max(0, (f.counted[denomination] ?? 0) + delta)
            model.screen = .staffCollection(f)
            return []
        case .editCollectionField(let field):
            guard case .staffCollection(let f) = model.screen else { return [] }
            model.screen = .staffCollectionField(field, TextEntry(mode: .text, text: field == .collector ? f.collector : f.bag), f)
            return []
        case .confirmCollection:
            guard case .staffCollection(let f) = model.screen, f.isComplete else { return [] }
            return [.confirmCollection(f)]
        case .chooseVoucherPlan(let id):
            guard case .staffVouchers(var f) = model.screen else { return [] }
            f.planID = id
            model.screen = .staffVouchers(f)
            return []
        case .adjustVoucherCount(let delta):
            guard case .staffVouchers(var f) = model.screen else { return [] }
            f.count = min(500, max(1, f.count + delta))
            model.screen = .staffVouchers(f)
            return []
        case .printVouchers:
            guard case .staffVouchers(let f) = model.screen, let plan = f.planID else { return [] }
            return [.printVouchers(planID: plan, count: f.count)]
        case .reprintLastReceipt:
            guard model.screen == .staffMenu else { return [] }
            return [.reprintLastReceipt]
        case .toggleOutOfService:
            guard model.screen == .staffMenu else { return [] }
            model.outOfServiceBySwitch.toggle()
            return [.setOutOfService(model.outOfServiceBySwitch)]
        }
    }

    private func isLocked(_ p: PINEntry) -> Bool {
        if case .locked = p.message { return true }
        return false
    }

    private mutating func cancel() -> [UIIntent] {
        switch model.screen {
        case .payment:
            return [.cancelPayment]   // the use case answers with paymentCancelled (credit kept)
        case .staffCollectionField(_, _, let form):
            model.screen = .staffCollection(form)
            return []
        case .refillEntry, .refillChoosePlan, .notice:
            model.screen = .idle
            return []
        default:
            return []
        }
    }

    private mutating func submitEntry() -> [UIIntent] {
        switch model.screen {
        case .refillEntry(let e):
            guard let q = EntryValidation.query(e) else { return [] }
            model.screen = .refillLookingUp(q)
            return [.lookUpRefill(q)]
        case .staffCollectionField(let field, let e, var form):
            guard !e.text.isEmpty else { return [] }
            if field == .collector { form.collector = e.text } else { form.bag = e.text }
            model.screen = .staffCollection(form)
            return []
        default:
            return []
        }
    }

    private mutating func editEntry(_ body: (inout TextEntry) -> Void) {
        switch model.screen {
        case .refillEntry(var e):
            body(&e)
            model.screen = .refillEntry(e)
        case let .staffCollectionField(field, e, form):
            var e = e
            body(&e)
            model.screen = .staffCollectionField(field, e, form)
        default:
            break
        }
    }
}
