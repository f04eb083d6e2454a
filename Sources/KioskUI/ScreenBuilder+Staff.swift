import KioskDomain
import KioskGraphics

extension ScreenBuilder {
    /// A narrow centred column on wide screens (keypads, forms), full width on small ones.
    func centred(_ view: View) -> View {
        if theme.isCompact || theme.isPortrait { return view }
        var v = view
        v.length = .flex(2)
        return .row([.spacer(), v, .spacer()], length: .flex(1))
    }

    func staffPIN(_ p: PINEntry, _ s: Strings) -> View {
        let dots = p.digits.isEmpty ? " " : String(repeating: "● ", count: p.digits.count)
        var top: [View] = [.text(s.enterPIN, TextStyle(.body, .muted, alignment: .center, maxLines: 2)),
                           .text(dots, TextStyle(.title, .accent, alignment: .center))]
        if let m = p.message {
            let text: String = switch m {
            case .wrong(let left): s.pinWrong(left)
            case .locked(let minutes): s.pinLocked(minutes)
            case .tooShort: s.pinTooShort
            }
            top.append(.text(text, TextStyle(.body, .danger, alignment: .center, maxLines: 2)))
        }
        let locked = if case .locked = p.message { true } else { false }
        if theme.isCompact {
            let prompt: String = switch p.message {
            case .wrong(let left): s.pinWrong(left)
            case .locked(let minutes): s.pinLocked(minutes)
            case .tooShort: s.pinTooShort
            case nil: s.enterPIN
            }
            return compactStaffPIN(p, prompt: prompt, locked: locked, s)
        }
        let digit = { (d: Int) in View.button("\(d)", style: .key, action: .pinDigit(d), enabled: !locked) }
        let keys: [View] = (1...9).map(digit) + [
            .button(s.clear, style: .secondary, action: .pinClear, enabled: !locked), digit(0),
            .button(s.ok, style: .primary, action: .pinSubmit, enabled: !locked && p.digits.count >= PINEntry.minimumLength),
        ]
        let pad = grid(keys, columns: 3, rowHeight: .fixed(keyHeight))
        let body: View
        if theme.isCompact && !theme.isPortrait {
            // 800×480: message on the left, keypad on the right.
            body = .row([.column(top + [.spacer()], spacing: gap, length: .flex(1)), .column([pad], length: .flex(1))],
                        spacing: gap, length: .flex(1))
        } else {
            body = centred(.column(top + [pad, .spacer()], spacing: gap))
        }
        return page(s.staffTitle, content: [body],
                    footer: [.button(s.exit, style: .danger, action: .staffExit, length: .flex(1)), .spacer()])
    }

    func staffMenu(_ model: KioskScreenModel, _ s: Strings) -> View {
        let state = model.outOfServiceBySwitch ? s.outOfServiceSwitched : s.inService
        let items: [View] = [
            .button(s.collection, style: .primary, action: .staffOpen(.collection)),
            .button(s.vouchers, action: .staffOpen(.vouchers)),
            .button(s.reprint, action: .reprintLastReceipt, enabled: model.staff.hasLastReceipt),
            .button(s.credits, action: .staffOpen(.credits)),
            .button(s.deviceStatus, action: .staffOpen(.deviceStatus)),
            .button(model.outOfServiceBySwitch ? s.outOfServiceOff : s.outOfServiceOn, style: .danger, action: .toggleOutOfService),
        ]
        if theme.isCompact { return compactStaffMenu(items, state: state, role: model.outOfServiceBySwitch ? .danger : .success, s) }
        let content: [View] = [
            .text(state, TextStyle(.body, model.outOfServiceBySwitch ? .danger : .success)),
            grid(items, columns: theme.isPortrait ? 1 : 2, rowHeight: .fixed(theme.buttonHeight)),
            .spacer(),
        ]
        return page(s.staffTitle, content: content,
                    footer: [.button(s.exit, style: .secondary, action: .staffExit, length: .flex(1)), .spacer()])
    }

    func staffCollection(_ f: CollectionForm, page pageShown: Int, _ s: Strings) -> View {
        let m = { (minor: Int64) in s.money(Money(minorUnits: minor, currency: f.currency)) }
        // −/+ are square buttons of an ordinary button's height (well over the 15 mm target; half as
        // tall again in portrait, which has the room), and a row is as tall as they are, so the
        // count between them has room for its large digits.
        let side = theme.isPortrait ? theme.buttonHeight * 3 / 2 : theme.buttonHeight
        let stepper = Length.fixed(side)
        var table: [View] = [.row([
            .text(s.denomination, TextStyle(.caption, .muted), length: .flex(3)),
            .text(s.expectedShort, TextStyle(.caption, .muted, alignment: .trailing), length: .flex(2)),
            .spacer(stepper),
            .text(s.countedShort, TextStyle(.caption, .muted, alignment: .center), length: .flex(2)),
            .spacer(stepper),
        ], spacing: gap / 2)]
        for d in f.denominations {
            let counted = f.counted[d] ?? 0, expected = f.expected[d] ?? 0
            table.append(.row([
                .text(m(d), TextStyle(.body), length: .flex(3)),
                .text("\(expected)", TextStyle(.body, .muted, alignment: .trailing), length: .flex(2)),
                .button("−", style: .key, action: .adjustCount(denomination: d, delta: -1), enabled: counted > 0, length: stepper),
                .text("\(counted)", TextStyle(.title, counted == expected ? .normal : .danger, alignment: .center), length: .flex(2)),
                .button("+", style: .key, action: .adjustCount(denomination: d, delta: 1), length: stepper),
            ], spacing: gap / 2, length: .fixed(side)))
        }
        let diff = f.countedTotal - f.expectedTotal
        let totals: [View] = [
            labelValue(s.expected, s.money(f.expectedTotal)),
            labelValue(s.counted, s.money(f.countedTotal)),
            labelValue(s.difference, (diff.isPositive ? "+" : "") + s.money(diff), role: diff.isZero ? .success : .danger),
        ]
        if theme.isCompact {
            return compactStaffCollection(f, header: table[0], rows: Array(table.dropFirst()), totals: totals, shownPage: pageShown, s)
        }
        let fields: [View] = [
            .button("\(s.collector): \(f.collector.isEmpty ? "—" : f.collector)", detail: f.collector.isEmpty ? s.tapToEnter : nil,
                    action: .editCollectionField(.collector)),
            .button("\(s.bagNumber): \(f.bag.isEmpty ? "—" : f.bag)", detail: f.bag.isEmpty ? s.tapToEnter : nil,
                    action: .editCollectionField(.bag)),
        ]
        let content: [View]
        if theme.isPortrait {
            content = [.column(table, spacing: gap / 2, length: .fit)] + totals + fields + [.spacer()]
        } else {
            content = [.row([
                .column(table + [.spacer()], spacing: gap / 2, length: .flex(1)),
                .column(totals + fields + [.spacer()], spacing: gap / 2, length: .flex(1)),
            ], spacing: gap * 2, length: .flex(1))]
        }
        return page(s.collection, content: content, footer: [
            .button(s.back, style: .secondary, action: .staffOpen(.menu), length: .flex(1)),
            .button(s.confirm, style: .primary, action: .confirmCollection, enabled: f.isComplete, length: .flex(1)),
        ])
    }

    func staffCollectionField(_ field: CollectionField, _ e: TextEntry, page pageShown: Int, _ s: Strings) -> View {
        if theme.isCompact { return compactStaffCollectionField(field, e, page: pageShown, s) }
        let title = field == .collector ? s.collector : s.bagNumber
        let content = keyboardBelow(.panel(padding: gap / 2, .text(e.text.isEmpty ? " " : e.text + "▏", TextStyle(.title, .accent))),
                                    keyboard(.text, s))
        return page(title, content: content, footer: [
            .button(s.cancel, style: .danger, action: .cancel, length: .flex(1)),
            .button(s.ok, style: .primary, action: .submitEntry, enabled: !e.text.isEmpty, length: .flex(1)),
        ])
    }

    func staffVouchers(_ f: VoucherForm, _ model: KioskScreenModel, _ s: Strings) -> View {
        if theme.isCompact { return compactStaffVouchers(f, model, s) }
        let plans = (model.catalog.plans + model.catalog.refillPlans).map { plan in
            View.button("\(plan.name) — \(s.money(plan.effectivePrice))", style: f.planID == plan.id ? .selected : .secondary,
                        action: .chooseVoucherPlan(plan.id))
        }
        let counter: View = .row([
            .text(s.count, TextStyle(.body, .muted), length: .flex(2)),
            .button("−10", style: .key, action: .adjustVoucherCount(-10), enabled: f.count > 10, length: .flex(1)),
            .button("−1", style: .key, action: .adjustVoucherCount(-1), enabled: f.count > 1, length: .flex(1)),
            .text("\(f.count)", TextStyle(.title, alignment: .center), length: .flex(1)),
            .button("+1", style: .key, action: .adjustVoucherCount(1), length: .flex(1)),
            .button("+10", style: .key, action: .adjustVoucherCount(10), length: .flex(1)),
        ], spacing: gap / 2, length: .fixed(theme.buttonHeight))
        let content: [View] = [.text(s.plan, TextStyle(.caption, .muted)),
                               grid(plans, columns: theme.isPortrait ? 1 : 3), counter, .spacer()]
        return page(s.vouchers, content: content, footer: [
            .button(s.back, style: .secondary, action: .staffOpen(.menu), length: .flex(1)),
            .button(s.print, style: .primary, action: .printVouchers, enabled: f.planID != nil, length: .flex(1)),
        ])
    }

    func staffCredits(_ model: KioskScreenModel, _ s: Strings) -> View {
        let tz = model.catalog.siteTimeZone
        var rows: [View] = model.staff.credits.map { c in
            .row([.text(s.date(c.createdAt, in: tz), TextStyle(.body, .muted), length: .flex(3)),
                  .text(c.id, TextStyle(.body), length: .flex(3)),
                  .text(s.money(c.amount), TextStyle(.body, alignment: .trailing), length: .flex(2))], spacing: gap)
        }
        if rows.isEmpty { rows = [.text(s.noCredits, TextStyle(.body))] }
        let total = model.staff.credits.reduce(Money.zero(model.catalog.currency)) { $0 + $1.amount }
        let content: [View] = [.panel(padding: gap, .column(rows, spacing: gap / 2, length: .fit)),
                               labelValue(s.total, s.money(total)), .spacer()]
        return page(s.credits, content: content,
                    footer: [.button(s.back, style: .secondary, action: .staffOpen(.menu), length: .flex(1)), .spacer()])
    }

    func staffDeviceStatus(_ model: KioskScreenModel, _ s: Strings) -> View {
        func line(_ name: String, _ h: DeviceStatus.Health) -> View {
            let (text, role): (String, TextStyle.Role) = switch h {
            case .ok: (s.statusOK, .success)
            case .warning(let w): (w, .accent)
            case .fault(let f): (f, .danger)
            }
            // The device name takes the width it needs ("Купюроприёмник" is one long word); the state the rest.
            return .row([.text(name, TextStyle(.body, .muted), length: .fit),
                         .text(text, TextStyle(.body, role, alignment: .trailing, maxLines: 2), length: .flex(1))], spacing: gap)
        }
        let st = model.status
        let rows = [line(s.printer, st.printer), line(s.cashAcceptor, st.cashAcceptor), line(s.store, st.store), line(s.disk, st.disk)]
        return page(s.deviceStatus, content: [.panel(padding: gap, .column(rows, spacing: gap, length: .fit)), .spacer()],
                    footer: [.button(s.back, style: .secondary, action: .staffOpen(.menu), length: .flex(1)), .spacer()])
    }

    func staffMessage(_ m: StaffMessage, _ s: Strings) -> View {
        let (text, fill): (String, View.PanelFill) = switch m {
        case .collectionRecorded(let money): (s.collectionRecorded(s.money(money)), .success)
        case .vouchersPrinting(let n): (s.vouchersPrinting(n), .success)
        case .receiptReprinted: (s.receiptReprinted, .success)
        case .noReceiptToReprint: (s.noReceipt, .warning)
        case .failed(let why): (s.failed(why), .danger)
        }
        return page(s.staffTitle, content: [.panel(fill, padding: gap, .text(text, TextStyle(.title, maxLines: 4))), .spacer()],
                    footer: [.button(s.back, style: .primary, action: .staffOpen(.menu), length: .flex(1)), .spacer()])
    }
}
