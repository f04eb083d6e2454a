import KioskDomain
import KioskGraphics

/// Staff screens on the 7″ panel, under the same rules as the customer's (see
/// `ScreenBuilder+Compact.swift` for the panel's budget).
extension ScreenBuilder {
    /// The prompt (or what went wrong) in the title's place, the dots under it, two rows of six keys.
    func compactStaffPIN(_ p: PINEntry, prompt: String, locked: Bool, _ s: Strings) -> View {
        let dots = p.digits.isEmpty ? " " : String(repeating: "● ", count: p.digits.count)
        let digit = { (d: Int) in View.button("\(d)", style: .key, action: .pinDigit(d), enabled: !locked) }
        // Six keys a row need the narrow spacing and key padding for "Сброс" to fit its key.
        let keys: [View] = ((1...9).map(digit) + [digit(0),
            .button(s.clear, style: .key, action: .pinClear, enabled: !locked),
            .button(s.ok, style: .primary, action: .pinSubmit, enabled: !locked && p.digits.count >= PINEntry.minimumLength)])
            .map { var v = $0; v.length = .flex(1); return v }
        let pad: View = .column([.row(Array(keys[0..<6]), spacing: gap / 2, length: .fixed(theme.buttonHeight)),
                                 .row(Array(keys[6...]), spacing: gap / 2, length: .fixed(theme.buttonHeight))], spacing: gap / 2, length: .fit)
        return page(prompt, content: [.text(dots, TextStyle(.title, .accent, alignment: .center, maxLines: 1)), pad, .spacer()],
                    footer: [.button(s.exit, style: .danger, action: .staffExit, length: .flex(1)), .spacer()])
    }

    /// The six duties in two columns of three; the kiosk's state beside Exit.
    func compactStaffMenu(_ items: [View], state: String, role: TextStyle.Role, _ s: Strings) -> View {
        page(s.staffTitle, content: [grid(items, columns: 2, rowHeight: .fixed(theme.buttonHeight)), .spacer()],
             footer: [.button(s.exit, style: .secondary, action: .staffExit, length: .fit),
                      .text(state, TextStyle(.body, role, alignment: .trailing, maxLines: 2), length: .flex(1))])
    }

    /// Collector and bag first (a field typed in comes back to this page), then the count three
    /// notes a page, then the totals (on the last notes' page when it has room); ◂ ▸ in the
    /// footer, Confirm there on every page (enabled once the form is complete).
    func compactStaffCollection(_ f: CollectionForm, header: View, rows: [View], totals: [View], shownPage: Int, _ s: Strings) -> View {
        let field = { (name: String, value: String, target: CollectionField) -> View in
            .button("\(name): \(value.isEmpty ? "—" : value)", detail: value.isEmpty ? s.tapToEnter : nil,
                    action: .editCollectionField(target), length: .fit)
        }
        var pages: [[View]] = [[field(s.collector, f.collector, .collector), field(s.bagNumber, f.bag, .bag)]]
        pages += stride(from: 0, to: rows.count, by: Self.compactRows).map {
            [header] + Array(rows[$0..<min($0 + Self.compactRows, rows.count)])
        }
        if pages.count > 1, pages[pages.count - 1].count <= 2 { pages[pages.count - 1] += totals } else { pages.append(totals) }
        let shown = min(max(0, shownPage), pages.count - 1)
        let footer: [View] = [
            .button(s.back, style: .secondary, action: .staffOpen(.menu), length: .fit),
            .button("◂", style: .secondary, action: .showPage(max(0, shown - 1)), enabled: shown > 0, length: .fixed(theme.buttonHeight)),
            .button("▸", style: .secondary, action: .showPage(shown + 1), enabled: shown < pages.count - 1, length: .fixed(theme.buttonHeight)),
            .button(s.confirmShort, style: .primary, action: .confirmCollection, enabled: f.isComplete, length: .flex(1)),
        ]
        return page("\(s.collection) \(shown + 1)/\(pages.count)", content: [.column(pages[shown], spacing: gap / 2, length: .fit), .spacer()],
                    footer: footer)
    }

    func compactStaffCollectionField(_ field: CollectionField, _ e: TextEntry, page: Int, _ s: Strings) -> View {
        compactKeyboardScreen(text: e.text, status: field == .collector ? s.collector : s.bagNumber, role: .muted, mode: .text, page: page,
                              footer: [.button(s.cancel, style: .danger, action: .cancel, length: .flex(1)),
                                       .button(s.ok, style: .primary, action: .submitEntry, enabled: !e.text.isEmpty, length: .flex(1))], s)
    }

    /// Plans by name, two columns of two rows, paged; the count under them.
    func compactStaffVouchers(_ f: VoucherForm, _ model: KioskScreenModel, _ s: Strings) -> View {
        let plans = (model.catalog.plans + model.catalog.refillPlans).map { plan in
            View.button(plan.name, style: f.planID == plan.id ? .selected : .secondary, action: .chooseVoucherPlan(plan.id))
        }
        let counter: View = .row([
            .text(s.count, TextStyle(.body, .muted), length: .fit),
            .button("−10", style: .key, action: .adjustVoucherCount(-10), enabled: f.count > 10, length: .flex(1)),
            .button("−1", style: .key, action: .adjustVoucherCount(-1), enabled: f.count > 1, length: .flex(1)),
            .text("\(f.count)", TextStyle(.title, alignment: .center), length: .flex(1)),
            .button("+1", style: .key, action: .adjustVoucherCount(1), length: .flex(1)),
            .button("+10", style: .key, action: .adjustVoucherCount(10), length: .flex(1)),
        ], spacing: gap / 2, length: .fixed(theme.buttonHeight))
        return page(s.vouchers, content: [pagedGrid(plans, columns: 2, rows: 2, page: model.page, s), counter, .spacer()], footer: [
            .button(s.back, style: .secondary, action: .staffOpen(.menu), length: .flex(1)),
            .button(s.print, style: .primary, action: .printVouchers, enabled: f.planID != nil, length: .flex(1)),
        ])
    }
}
