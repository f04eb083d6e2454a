import KioskDomain
import KioskGraphics

extension ScreenBuilder {
    /// What is left to pay, large, with the price and what is paid under it, smaller; beside (or
    /// under, in portrait) it the note slot and the notes that fit now; a note being checked and
    /// a note given back in panels of their own. Someone standing a metre away reads the one
    /// number that matters first.
    func payment(_ p: PaymentState, _ model: KioskScreenModel, _ s: Strings) -> View {
        if theme.isCompact { return compactPayment(p, model, s) }
        // Side by side on a wide panel (each half of the width), one above the other in portrait.
        let share: Length = theme.isPortrait ? .fit : .flex(1)
        let amounts: View = .panel(padding: gap, length: share, .column(amountLines(p, s), spacing: gap / 2, length: .fit))
        let slot = noteSlot(p, s, length: share)
        var content: [View] = theme.isPortrait ? [amounts, slot] : [.row([amounts, slot], spacing: gap)]
        if let checking = p.checking {
            content.append(.panel(.success, padding: gap, .text(s.checkingNote(s.money(checking)), TextStyle(.title, maxLines: 2))))
        }
        if let message = p.message {
            let text: String = switch message {
            case .noteReturnedWouldOverpay(let m): s.noteReturned(s.money(m))
            case .noteRejected: s.noteRejected
            case .acceptorBusy: s.acceptorBusy
            }
            content.append(.panel(.warning, padding: gap, .text(text, TextStyle(.body, maxLines: 5))))
        }
        if !p.notes.isEmpty {
            content.append(.text("\(s.notesInserted): " + p.notes.map { s.money($0) }.joined(separator: ", "),
                                 TextStyle(.caption, .muted, maxLines: 2)))
        }
        content.append(.spacer())
        var footer: [View] = [.button(p.inserted.isPositive ? s.cancelKeepsCredit : s.cancel, icon: .cross, style: .danger,
                                      action: .cancel, length: .flex(1))]
        if case .timeForAmount(let rate) = p.product {
            footer.append(.button(s.done, icon: .check, style: .primary, action: .confirmAmount,
                                  enabled: rate.minutes(for: p.inserted) != nil, length: .flex(1)))
        }
        return page(p.productName, content: content, footer: footer)
    }

    /// Still to pay (the biggest text on the screen), then price and paid; for time for an amount,
    /// what is in and what it buys.
    func amountLines(_ p: PaymentState, _ s: Strings) -> [View] {
        if let price = p.price, let remaining = p.remaining {
            return [
                .text(s.stillToPay, TextStyle(.title, .muted)),
                .text(s.money(remaining), TextStyle(.code, .accent)),
                .text("\(s.price): \(s.money(price))", TextStyle(.title, maxLines: 2)),
                .text("\(s.paid): \(s.money(p.inserted))", TextStyle(.title, .success, maxLines: 2)),
            ]
        }
        guard case .timeForAmount(let rate) = p.product else { return [] }
        let minutes = rate.minutes(for: p.inserted)
        return [
            .text(s.inserted, TextStyle(.title, .muted)),
            .text(s.money(p.inserted), TextStyle(.code, .accent)),
            .text("\(s.youGet): \(minutes.map { s.grant(.minutes($0, rate.category)) } ?? "—")", TextStyle(.title, maxLines: 2)),
            .text(s.minimumAmount(s.money(rate.minimumAmount)), TextStyle(.caption, .muted)),
        ]
    }

    /// The slot with a note going in, and which notes fit now: under the default policy a note
    /// larger than what is left comes back, so the largest that fits is the one to reach for.
    func noteSlot(_ p: PaymentState, _ s: Strings, length: Length) -> View {
        var lines: [View] = [.text(s.insertNotesHere, TextStyle(.title, .accent, maxLines: 2))]
        if let largest = Self.largestNoteThatFits(p) {
            lines.append(.text(s.notesUpTo(s.money(largest)), TextStyle(.title, maxLines: 2)))
        }
        lines.append(.text("\(s.acceptedNotes): " + p.acceptedNotes.map { s.money($0) }.joined(separator: " · "),
                           TextStyle(.caption, .muted, maxLines: 3)))
        return .row([.illustration(.noteSlot, length: .fixed(theme.buttonHeight * 5 / 2)),
                     .column(lines, spacing: gap / 2, length: .flex(1))], spacing: gap, length: length)
    }

    /// The largest accepted note that does not pay more than is left (any note, with no price).
    static func largestNoteThatFits(_ p: PaymentState) -> Money? {
        guard let remaining = p.remaining else { return p.acceptedNotes.last }
        return p.acceptedNotes.last { $0 <= remaining }
    }
}
