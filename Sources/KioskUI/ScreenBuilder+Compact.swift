import KioskDomain
import KioskGraphics

/// The 7″ panel (800×480 at 133 dpi: 152 × 91 mm) under the same rules as every other panel:
/// capitals of 4.8 mm (36 px text, so every size but the code's meets the floor and is the same)
/// and 15 mm targets (79 px). That leaves a screen a title line, three rows of buttons and a
/// footer row. What a customer sees there, decided for someone who has never used the kiosk:
/// - A list longer than a screen is paged, never scrolled (a swipe is not obvious on a kiosk and
///   a 7″ panel's touch is often resistive): a full page ends with a "More ▸" button in the
///   list's own grid and the next one starts with "◂ Back", where the eye already is.
/// - Labels are short ("Any amount", "Top up", plan name — price); what does not help to choose
///   (sale windows, zones) is not shown here: a plan on the idle screen is on sale now.
/// - Payment: still to pay and what is paid side by side, then the slot drawing with "Notes up
///   to ₽100" on one line; a note being checked or given back takes the drawing's place.
/// - Keyboards: three rows of nine 80 px keys, letters on one page and digits on the other, as on
///   a phone ("123 ▸" / "◂ ABC"); ⌫ beside the typed text; no title (the field says what to type).
/// - Staff forms: the collection count is paged three notes at a time, then totals, then the
///   collector and bag; the PIN keypad is two rows of six keys.
/// - The staff gesture's bottom corners stay free: the idle footer starts and ends with room.
/// Large text is not offered on this panel (`Theme.offersLargeText`).
extension ScreenBuilder {
    /// Rows of buttons a compact page's content holds under a title line.
    static let compactRows = 3

    /// `items` as a grid of `columns` × `rows` cells, showing page `page`: when they do not all
    /// fit, a page's last cell is "More ▸" and the next page's first "◂ Back".
    func pagedGrid(_ items: [View], columns: Int, rows: Int, page: Int, _ s: Strings) -> View {
        let cells = columns * rows
        precondition(cells >= 3, "a paged grid needs room for Back, an item and More")
        var pages: [[View]] = []
        var rest = items[...]
        while !rest.isEmpty || pages.isEmpty {
            var room = cells - (pages.isEmpty ? 0 : 1)
            if rest.count > room { room -= 1 }
            pages.append(Array(rest.prefix(room)))
            rest = rest.dropFirst(room)
        }
        let shown = min(max(0, page), pages.count - 1)
        var cellsShown = pages[shown]
        if shown > 0 { cellsShown.insert(.button(s.previousPage, action: .showPage(shown - 1)), at: 0) }
        if shown < pages.count - 1 { cellsShown.append(.button(s.nextPage, action: .showPage(shown + 1))) }
        return grid(cellsShown, columns: columns)
    }

    /// Room at each end of the idle footer: the staff gesture's taps land there (`UIController.gestureCornerSide`).
    var gestureClearance: Int { theme.minTarget - theme.margin - gap + 1 }

    // MARK: Customer

    func compactIdle(_ model: KioskScreenModel, _ s: Strings) -> View {
        var content: [View] = []
        let hasCredit = model.keptCredit?.isPositive == true
        if let credit = model.keptCredit, credit.isPositive {
            content.append(.panel(.warning, padding: gap / 2, .text(s.keptCreditShort(s.money(credit)), TextStyle(.body, maxLines: 2))))
        }
        var items: [View] = model.plansOnSale.map { plan in
            .button("\(plan.name) — \(s.money(plan.effectivePrice))", style: .primary, action: .choosePlan(plan.id))
        }
        if items.isEmpty { content.append(.text(s.noPlansOnSale, TextStyle(.body, maxLines: 2))) }
        if model.catalog.ratePlan != nil { items.append(.button(s.buyTimeShort, action: .buyTime)) }
        if !model.catalog.refillPlans.isEmpty { items.append(.button(s.refillShort, action: .startRefill)) }
        content.append(pagedGrid(items, columns: 2, rows: hasCredit ? 2 : Self.compactRows, page: model.page, s))
        content.append(.spacer())
        var footer: [View] = [.spacer(.fixed(gestureClearance))]
        footer += [
            .button("English", style: model.language == .en ? .selected : .secondary, action: .setLanguage(.en), length: .fit),
            .button("Русский", style: model.language == .ru ? .selected : .secondary, action: .setLanguage(.ru), length: .fit),
        ]
        footer += displayModeSwitches(model, s)
        footer.append(.spacer())
        return page(s.welcome, accent: true, content: content, footer: footer)
    }

    func compactPayment(_ p: PaymentState, _ model: KioskScreenModel, _ s: Strings) -> View {
        let left: [View], right: [View]
        if let price = p.price, let remaining = p.remaining {
            left = [.text(s.stillToPay, TextStyle(.title, .muted)), .text(s.money(remaining), TextStyle(.code, .accent))]
            right = [.text("\(s.price): \(s.money(price))", TextStyle(.title)),
                     .text("\(s.paid): \(s.money(p.inserted))", TextStyle(.title, .success))]
        } else if case .timeForAmount(let rate) = p.product {
            let minutes = rate.minutes(for: p.inserted)
            left = [.text(s.inserted, TextStyle(.title, .muted)), .text(s.money(p.inserted), TextStyle(.code, .accent))]
            right = [.text("\(s.youGet): \(minutes.map { s.grant(.minutes($0, rate.category)) } ?? "—")", TextStyle(.title, maxLines: 2)),
                     .text(s.minimumAmount(s.money(rate.minimumAmount)), TextStyle(.caption, .muted))]
        } else {
            left = []
            right = []
        }
        let amounts: View = .row([View.column(left, spacing: gap / 2), View.column(right, spacing: gap / 2)], spacing: gap)
        var content: [View] = [.panel(padding: gap, amounts)]
        if let checking = p.checking {
            content.append(.panel(.success, padding: gap, .text(s.checkingNote(s.money(checking)), TextStyle(.title, maxLines: 2))))
        } else if let message = p.message {
            let text: String = switch message {
            case .noteReturnedWouldOverpay(let m): s.noteReturned(s.money(m))
            case .noteRejected: s.noteRejected
            case .acceptorBusy: s.acceptorBusy
            }
            content.append(.panel(.warning, padding: gap, .text(text, TextStyle(.body, maxLines: 3))))
        } else {
            // One line each, said so: a caption that does not fit is cut with "…", and the
            // measuring test's truncation rule fails it (as "Купюры до" / "50 ₽" once wrapped here).
            var lines: [View] = [.text(s.insertNotesHere, TextStyle(.title, .accent, maxLines: 1))]
            if let largest = Self.largestNoteThatFits(p) {
                lines.append(.text(s.notesUpTo(s.money(largest)), TextStyle(.title, maxLines: 1)))
            }
            content.append(.row([.illustration(.noteSlot, length: .fixed(theme.buttonHeight * 3 / 2)),
                                 .column(lines, spacing: gap / 2, length: .flex(1))], spacing: gap, length: .fixed(theme.buttonHeight * 6 / 5)))
        }
        content.append(.spacer())
        // Beside "Done" there is room for "Cancel" only; what is in is kept all the same (the
        // countdown and the screen after a cancel say so).
        let twoButtons = if case .timeForAmount = p.product { true } else { false }
        let cancel = p.inserted.isPositive && !twoButtons ? s.cancelKeepsCredit : s.cancel
        var footer: [View] = [.button(cancel, style: .danger, action: .cancel, length: .flex(1))]
        if case .timeForAmount(let rate) = p.product {
            footer.append(.button(s.done, style: .primary, action: .confirmAmount, enabled: rate.minutes(for: p.inserted) != nil, length: .flex(1)))
        }
        return page(p.productName, content: content, footer: footer)
    }

    func compactDone(_ r: SaleResult, _ model: KioskScreenModel, _ s: Strings) -> View {
        var info: [View] = [.text(r.code.grouped, TextStyle(.code, .accent)), .text(s.grant(r.grant), TextStyle(.title))]
        switch r.receipt {
        case .printed:
            if let until = r.validUntil {
                info.append(.text(s.validUntil(s.date(until, in: model.catalog.siteTimeZone)), TextStyle(.body, .muted)))
            }
            info.append(.text(s.takeReceipt, TextStyle(.title, .success)))
        case .paperOut, .printerFault:
            info.append(.panel(.warning, padding: gap / 2, .text(s.receiptNotPrintedShort, TextStyle(.body, maxLines: 3))))
        }
        var columns: [View] = [.column(info + [.spacer()], spacing: gap / 2, length: .flex(1))]
        if let matrix = qr.matrix(for: r.qrPayload) { columns.append(.qr(matrix, length: .fixed(theme.buttonHeight * 2 + gap))) }
        return page(s.paymentReceived, content: [.row(columns, spacing: gap, length: .flex(1))],
                    footer: [.spacer(), .button(s.done, style: .primary, action: .finish, length: .flex(1))])
    }

    func compactRefillChoosePlan(_ a: RefillAccount, _ model: KioskScreenModel, _ s: Strings) -> View {
        let balance = s.balances(a.balances, currency: model.catalog.currency).joined(separator: " · ")
        let plans = model.refillPlansOnSale.map { plan in
            View.button("\(s.grant(plan.grant)) — \(s.money(plan.effectivePrice))", style: .primary, action: .chooseRefillPlan(plan.id))
        }
        let content: [View] = [pagedGrid(plans, columns: 1, rows: Self.compactRows, page: model.page, s), .spacer()]
        return page("\(a.query): \(balance)", content: content,
                    footer: [.button(s.cancel, style: .danger, action: .cancel, length: .flex(1)), .spacer()])
    }

    // MARK: Keyboards

    /// The typed text and what the kiosk makes of it, ⌫ beside them, nine keys a row under them
    /// (letters, or digits on the second page), the footer's buttons last. While a timeout counts
    /// down its bar takes the typed text's place (a touch brings it back).
    func compactKeyboardScreen(text: String, status: String, role: TextStyle.Role, mode: TextEntry.Mode, page: Int,
                               footer: [View], _ s: Strings) -> View {
        let field: View = .panel(padding: gap / 2, length: .flex(1), .column([
            .text(text.isEmpty ? " " : text + "▏", TextStyle(.title, .accent, maxLines: 1)),
            .text(status.isEmpty ? " " : status, TextStyle(.caption, role, maxLines: 1)),
        ], spacing: 0, length: .fit))
        let top: View = countdownBar.map { .row([$0], length: .fit) }
            ?? .row([field, .button("⌫", style: .secondary, action: .backspace, length: .fixed(theme.buttonHeight * 3 / 2))], spacing: gap)
        var keys = compactKeys(mode, page: page, s)
        keys.length = .flex(1)   // what is left over falls under the keys: the footer stays at the bottom
        return .column([top, keys, .row(footer, spacing: gap, length: .fit)], spacing: gap, padding: theme.margin)
    }

    /// Two pages of keys, as on a phone: letters first (the code's letters, or the alphabet),
    /// digits (and a username's punctuation) on the second. The last key turns the page.
    func compactKeys(_ mode: TextEntry.Mode, page: Int, _ s: Strings) -> View {
        let letters: [Character], others: [Character]
        switch mode {
        case .code:
            letters = Array("ABCDEFGHJKMNPQRSTVWXYZ")
            others = Array("1234567890")
        case .username, .text:
            letters = Array("qwertyuiopasdfghjklzxcvbnm")
            others = Array("1234567890-._")
        }
        let onDigits = page > 0
        var keys: [View] = (onDigits ? others : letters).map { ch in View.button(String(ch), style: .key, action: .key(ch), length: .flex(1)) }
        let columns = 9
        let turn: View = .button(onDigits ? "◂ ABC" : "123 ▸", style: .secondary, action: .showPage(onDigits ? 0 : 1), length: .flex(2))
        let cells = columns * 3
        while keys.count < cells - 2 { keys.append(.spacer()) }
        keys = Array(keys.prefix(cells - 2)) + [turn]
        var rows: [View] = []
        var i = 0
        while i < keys.count {
            let row = Array(keys[i..<min(i + columns, keys.count)])
            rows.append(.row(row, spacing: gap / 2, length: .fixed(theme.buttonHeight)))
            i += columns
        }
        return .column(rows, spacing: gap / 2, length: .fit)
    }

    func compactRefillEntry(_ e: TextEntry, _ model: KioskScreenModel, status: String, role: TextStyle.Role, valid: Bool, _ s: Strings) -> View {
        let other: TextEntry.Mode = e.mode == .code ? .username : .code
        let footer: [View] = [
            .button(s.cancel, style: .danger, action: .cancel, length: .fit),
            .button(other == .code ? s.ticketCode : s.username, action: .setEntryMode(other), length: .fit),
            .button(s.find, style: .primary, action: .submitEntry, enabled: valid, length: .flex(1)),
        ]
        let shown = e.mode == .code ? EntryValidation.grouped(e.text) : e.text
        return compactKeyboardScreen(text: shown, status: status, role: role, mode: e.mode, page: model.page, footer: footer, s)
    }
}
