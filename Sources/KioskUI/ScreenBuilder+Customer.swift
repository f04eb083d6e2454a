import KioskDomain
import KioskGraphics

extension ScreenBuilder {
    func idle(_ model: KioskScreenModel, _ s: Strings) -> View {
        if theme.isCompact { return compactIdle(model, s) }
        var content: [View] = []
        if let credit = model.keptCredit, credit.isPositive {
            content.append(.panel(.warning, padding: gap, .text(s.keptCredit(s.money(credit)), TextStyle(.body, maxLines: 3))))
        }
        content.append(.text(s.plansOnSale, TextStyle(.body, .muted)))
        let plans = model.plansOnSale
        if plans.isEmpty {
            content.append(.text(s.noPlansOnSale, TextStyle(.body)))
        } else {
            let columns = theme.isPortrait ? 1 : (theme.isCompact ? 2 : 3)
            let buttons = plans.map { plan in
                View.button("\(plan.name) — \(s.money(plan.effectivePrice))",
                            detail: "\(s.grant(plan.grant)) · \(s.salesWindows(plan.salesWindows)) · \(s.zones(plan.zones))",
                            icon: .ticket, style: .primary, action: .choosePlan(plan.id))
            }
            content.append(grid(buttons, columns: columns))
        }
        var more: [View] = []
        if model.catalog.ratePlan != nil {
            more.append(.button(s.buyTime, detail: s.buyTimeDetail, icon: .clock, action: .buyTime, length: .flex(1)))
        }
        if !model.catalog.refillPlans.isEmpty {
            more.append(.button(s.refill, detail: !model.status.storeConfigured ? s.refillStandaloneDetail : model.status.storeOnline ? nil : s.refillOfflineDetail,
                                icon: .cash, action: .startRefill, length: .flex(1)))
        }
        if !more.isEmpty {
            content.append(theme.isPortrait ? .column(more.map { var v = $0; v.length = .fit; return v }, spacing: gap, length: .fit)
                                            : .row(more, spacing: gap))
        }
        content.append(.spacer())
        // The label also keeps the bottom-left corner, where the staff gesture ends, free of buttons.
        var footer: [View] = [.text(s.chooseLanguage, TextStyle(.body, .muted), length: .fit)]
        footer += [
            .button("English", style: model.language == .en ? .selected : .secondary, action: .setLanguage(.en), length: .fit),
            .button("Русский", style: model.language == .ru ? .selected : .secondary, action: .setLanguage(.ru), length: .fit),
        ]
        // Beside the languages on a wide panel, a row of their own above them in portrait; never
        // in the bottom-right corner, where the staff gesture ends.
        if theme.isPortrait {
            content.append(.row(displayModeSwitches(model, s).map { var v = $0; v.length = .flex(1); return v }, spacing: gap))
        } else {
            footer += displayModeSwitches(model, s)
        }
        footer.append(.spacer())
        return page(s.welcome, accent: true, content: content, footer: footer)
    }

    /// Large text and high contrast, each lit while on: this customer's until the screen is idle again.
    func displayModeSwitches(_ model: KioskScreenModel, _ s: Strings) -> [View] {
        let contrast: View = .button(s.highContrast, style: model.display.highContrast ? .selected : .secondary,
                                     action: .toggleHighContrast, length: .fit)
        guard theme.offersLargeText else { return [contrast] }
        return [.button(s.largeText, style: model.display.largeText ? .selected : .secondary, action: .toggleLargeText, length: .fit), contrast]
    }

    func printing(_ name: String, _ s: Strings) -> View {
        busy(title: name, message: s.printing, detail: s.paymentReceived)
    }

    func done(_ r: SaleResult, _ model: KioskScreenModel, _ s: Strings) -> View {
        if theme.isCompact { return compactDone(r, model, s) }
        var info: [View] = [
            .text(s.yourCode, TextStyle(.body, .muted)),
            .text(r.code.grouped, TextStyle(.code, .accent)),
            .text(s.grant(r.grant), TextStyle(.title)),
        ]
        if let until = r.validUntil {
            info.append(.text(s.validUntil(s.date(until, in: model.catalog.siteTimeZone)), TextStyle(.body, .muted)))
        }
        if let surplus = r.surplusNote { info.append(.text(s.surplus(s.money(surplus)), TextStyle(.body))) }
        switch r.receipt {
        case .printed:
            info.append(.text(s.takeReceipt, TextStyle(.headline, .success)))
        case .paperOut:
            info.append(.panel(.warning, padding: gap, .text(s.paperOut, TextStyle(.body, maxLines: 4))))
        case .printerFault:
            info.append(.panel(.warning, padding: gap, .text(s.printerFault, TextStyle(.body, maxLines: 4))))
        }
        info.append(.text(s.scanOrType, TextStyle(.caption, .muted, maxLines: 2)))
        var content: [View]
        let matrix = qr.matrix(for: r.qrPayload)
        if theme.isPortrait {
            content = info
            // Half the width at most; less when large text or the countdown bar leave less height.
            if let matrix {
                content.append(.row([.spacer(), .qr(matrix, length: .fixed(theme.size.width / 2)), .spacer()], length: .flex(1)))
            } else {
                content.append(.spacer())
            }
        } else {
            var columns: [View] = [.column(info + [.spacer()], spacing: gap / 2, length: .flex(3))]
            if let matrix { columns.append(.column([.qr(matrix, length: .flex(1)), .spacer(.fixed(0))], length: .flex(theme.isCompact ? 1 : 1))) }
            content = [.row(columns, spacing: gap, length: .flex(1))]
        }
        return page(s.paymentReceived, content: content,
                    footer: [.spacer(), .button(s.done, icon: .check, style: .primary, action: .finish, length: .flex(1))])
    }

    func refillEntry(_ e: TextEntry, _ model: KioskScreenModel, _ s: Strings) -> View {
        let tabs: [View] = [
            .button(s.ticketCode, style: e.mode == .code ? .selected : .secondary, action: .setEntryMode(.code)),
            .button(s.username, style: e.mode == .username ? .selected : .secondary, action: .setEntryMode(.username)),
        ]
        let check = EntryValidation.check(e)
        let statusText: String = switch check {
        case .empty: e.mode == .code ? s.typeCode : s.typeUsername
        case .incomplete: s.codeIncomplete
        case .valid: e.mode == .code ? s.codeLooksRight : ""
        case .checkSymbolMismatch: s.codeHasTypo
        case .invalidSymbol: s.codeBadCharacter
        }
        let role: TextStyle.Role = switch check {
        case .valid: .success
        case .checkSymbolMismatch, .invalidSymbol: .danger
        default: .muted
        }
        if theme.isCompact { return compactRefillEntry(e, model, status: statusText, role: role, valid: check == .valid, s) }
        let shown = e.mode == .code ? EntryValidation.grouped(e.text) : e.text
        let entry: View = .panel(padding: gap / 2, .row([
            .text(shown.isEmpty ? " " : shown + "▏", TextStyle(.title, .accent), length: .flex(3)),
            .text(statusText, TextStyle(.caption, role, alignment: .trailing, maxLines: 3), length: .flex(2)),
        ], spacing: gap))
        let content = keyboardBelow(entry, keyboard(e.mode, s))
        let footer: [View] = [
            .button(s.cancel, icon: .cross, style: .danger, action: .cancel, length: .flex(1)),
            .button(s.find, style: .primary, action: .submitEntry, enabled: check == .valid, length: .flex(1)),
        ]
        // Beside the title on a wide panel; on a narrow one the tabs get a row of their own, so
        // neither squeezes the title into a broken word.
        if theme.isPortrait || theme.isCompact {
            return page(s.refillTitle, content: [.row(tabs.map { var v = $0; v.length = .flex(1); return v }, spacing: gap)] + content,
                        footer: footer)
        }
        return page(s.refillTitle, trailing: tabs, content: content, footer: footer)
    }

    func keyboard(_ mode: TextEntry.Mode, _ s: Strings) -> View {
        let rows = KeyboardLayout.rows(for: mode)
        let columns = rows.map(\.count).max() ?? 10
        var views: [View] = []
        for (index, row) in rows.enumerated() {
            var keys: [View] = row.map { ch in View.button(String(ch), style: .key, action: .key(ch), length: .flex(1)) }
            if index == rows.count - 1 {
                while keys.count < columns - 2 { keys.append(.spacer()) }
                keys.append(.button("⌫", style: .secondary, action: .backspace, length: .flex(2)))
            } else {
                while keys.count < columns { keys.append(.spacer()) }
            }
            views.append(.row(keys, spacing: gap / 2, length: .fixed(keyboardKeyHeight)))
        }
        return .column(views, spacing: gap / 2, length: .fit)
    }

    /// Keyboard rows: taller in portrait, where the panel has the height and a bigger key is a surer tap.
    var keyboardKeyHeight: Int { theme.isPortrait ? theme.buttonHeight * 3 / 2 : keyHeight }

    /// What is typed, then the keyboard under it. In portrait both sit at the bottom, just above the
    /// footer: in easy reach, and the eye stays on the field while typing.
    func keyboardBelow(_ entry: View, _ keyboard: View) -> [View] {
        theme.isPortrait ? [.spacer(), entry, keyboard] : [entry, keyboard]
    }

    func refillChoosePlan(_ a: RefillAccount, _ model: KioskScreenModel, _ s: Strings) -> View {
        if theme.isCompact { return compactRefillChoosePlan(a, model, s) }
        var lines = s.balances(a.balances, currency: model.catalog.currency).map { View.text($0, TextStyle(.title)) }
        if let until = a.validUntil {
            lines.append(.text(s.validUntil(s.date(until, in: model.catalog.siteTimeZone)), TextStyle(.body, .muted)))
        }
        let plans = model.refillPlansOnSale.map { plan in
            View.button("\(s.grant(plan.grant)) — \(s.money(plan.effectivePrice))", detail: plan.name,
                        icon: .cash, style: .primary, action: .chooseRefillPlan(plan.id))
        }
        let content: [View] = [
            .panel(padding: gap, .column([.text(s.currentBalance, TextStyle(.body, .muted))] + lines, spacing: gap / 2, length: .fit)),
            .text(s.chooseTopUp, TextStyle(.body, .muted)),
            grid(plans, columns: theme.isPortrait ? 1 : (theme.isCompact ? 2 : 3)),
            .spacer(),
        ]
        return page("\(s.refillTitle): \(a.query)", content: content,
                    footer: [.button(s.cancel, icon: .cross, style: .danger, action: .cancel, length: .flex(1)), .spacer()])
    }

    func refillDone(_ r: RefillResult, _ model: KioskScreenModel, _ s: Strings) -> View {
        var lines = s.balances(r.balances, currency: model.catalog.currency).map { View.text($0, TextStyle(.headline, .accent)) }
        if let until = r.validUntil {
            lines.append(.text(s.validUntil(s.date(until, in: model.catalog.siteTimeZone)), TextStyle(.body, .muted)))
        }
        var content: [View] = [
            .text("\(s.topUpDone): +\(s.grant(r.added))", TextStyle(.title, .success)),
            .panel(padding: gap, .column([.text(s.newBalance, TextStyle(.body, .muted))] + lines, spacing: gap / 2, length: .fit)),
        ]
        switch r.receipt {
        case .printed: content.append(.text(s.takeReceipt, TextStyle(.title, .success)))
        case .paperOut, .printerFault: break   // nothing to keep: the balance is already on the account
        }
        content.append(.spacer())
        return page("\(s.refillTitle): \(r.query)", content: content,
                    footer: [.spacer(), .button(s.done, icon: .check, style: .primary, action: .finish, length: .flex(1))])
    }

    func notice(_ n: Notice, _ model: KioskScreenModel, _ s: Strings) -> View {
        let (title, text, fill): (String, String, View.PanelFill) = switch n {
        case .refillUnavailableOffline: (s.refillTitle, s.refillUnavailableOffline, .warning)
        case .refillNotFound(let q): (s.refillTitle, s.refillNotFound(q.description), .warning)
        case .refillRefused(_, let why): (s.refillTitle, s.refillRefused(why), .warning)
        case .cancelled(let credit):
            (s.cancelled, credit.map { s.keptCredit(s.money($0)) } ?? s.nothingTaken, credit == nil ? .surface : .warning)
        }
        return page(title, content: [.panel(fill, padding: gap, .text(text, TextStyle(.title, maxLines: 6))), .spacer()],
                    footer: [.button(s.back, icon: .back, style: .primary, action: .finish, length: .flex(1)), .spacer()])
    }

    func outOfService(_ model: KioskScreenModel, _ s: Strings) -> View {
        if model.status.starting {
            return .column([.spacer(), .text(s.starting, TextStyle(.headline, alignment: .center)),
                            .text(s.startingDetail, TextStyle(.title, alignment: .center, maxLines: 3)), .spacer()],
                           spacing: gap, padding: theme.margin)
        }
        var content: [View] = [.spacer(), .text(s.outOfService, TextStyle(.headline, .danger, alignment: .center)),
                               .text(s.outOfServiceDetail, TextStyle(.title, alignment: .center, maxLines: 3))]
        if let credit = model.keptCredit, credit.isPositive {
            content.append(.text(s.keptCredit(s.money(credit)), TextStyle(.body, .accent, alignment: .center, maxLines: 3)))
        }
        content.append(.text(s.callSupport(model.supportPhone), TextStyle(.title, .accent, alignment: .center)))
        if let notice = model.status.technicianNotice {
            content.append(.text(notice, TextStyle(.body, .muted, alignment: .center, maxLines: 8)))
        }
        content.append(.spacer())
        return .column(content, spacing: gap, padding: theme.margin)
    }
}
