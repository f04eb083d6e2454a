import KioskDomain
import KioskGraphics

/// Turns the screen model into a view tree: a pure function, so every screen in every language
/// and resolution can be drawn by a test. Landscape, portrait and small (800×480) panels get
/// different arrangements of the same parts (columns of plans, where the QR goes).
public struct ScreenBuilder {
    public let theme: Theme
    public let qr: any QREncoder
    /// The countdown bar of the model being built, shown in place of the page's title.
    var countdownBar: View?

    public init(theme: Theme, qr: any QREncoder) {
        self.theme = theme
        self.qr = qr
    }

    public func build(_ model: KioskScreenModel) -> View {
        var builder = self
        builder.countdownBar = model.countdown.map { countdown($0, model, Strings(model.language)) }
        let (top, bottom) = theme.unreachable
        guard top > 0 || bottom > 0 else { return builder.screen(model) }
        // Out of reach above or below: nothing there, the screen fits in what is left.
        return .column([.spacer(.fixed(top)), builder.screen(model), .spacer(.fixed(bottom))])
    }

    private func screen(_ model: KioskScreenModel) -> View {
        let s = Strings(model.language)
        switch model.screen {
        case .idle: return model.isOutOfService ? outOfService(model, s) : idle(model, s)
        case .payment(let p): return payment(p, model, s)
        case .printing(let name): return printing(name, s)
        case .done(let r): return done(r, model, s)
        case .refillEntry(let e): return refillEntry(e, model, s)
        case .refillLookingUp(let q): return busy(title: s.refillTitle, message: s.lookingUp, detail: q.description)
        case .refillChoosePlan(let a): return refillChoosePlan(a, model, s)
        case .refillDone(let r): return refillDone(r, model, s)
        case .notice(let n): return notice(n, model, s)
        case .outOfService: return outOfService(model, s)
        case .staffPIN(let p): return staffPIN(p, s)
        case .staffMenu: return staffMenu(model, s)
        case .staffCollection(let f): return staffCollection(f, page: model.page, s)
        case let .staffCollectionField(field, entry, _): return staffCollectionField(field, entry, page: model.page, s)
        case .staffVouchers(let f): return staffVouchers(f, model, s)
        case .staffCredits: return staffCredits(model, s)
        case .staffDeviceStatus: return staffDeviceStatus(model, s)
        case .staffMessage(let m): return staffMessage(m, s)
        }
    }

    // MARK: Shared parts

    var gap: Int { theme.spacing }

    /// The frame every screen shares: a header, the content taking what is left, a footer of buttons.
    /// While a timeout counts down, its bar takes the header's place: where the eye goes first,
    /// and the rest of the screen stays where it was.
    func page(_ title: String, accent: Bool = false, trailing: [View] = [], content: [View], footer: [View]) -> View {
        var header: [View] = [.text(title, TextStyle(.title, accent ? .accent : .normal, maxLines: 2), length: .flex(1))]
        header += trailing
        if let countdownBar { header = [countdownBar] }
        var parts: [View] = [.row(header, spacing: gap)]
        parts.append(.column(content, spacing: gap, length: .flex(1)))
        // The footer is as tall as its tallest button needs: a long Russian label gets two lines.
        if !footer.isEmpty { parts.append(.row(footer, spacing: gap, length: .fit)) }
        return .column(parts, spacing: gap, padding: theme.margin)
    }

    /// "Price ........ 100 ₽" with the value large.
    func labelValue(_ label: String, _ value: String, big: Bool = false, role: TextStyle.Role = .normal) -> View {
        .row([
            .text(label, TextStyle(.body, .muted), length: .flex(1)),
            .text(value, TextStyle(big ? .headline : .title, role, alignment: .trailing), length: .flex(1)),
        ], spacing: gap)
    }

    /// Buttons in rows of `columns`, each row `rowHeight` tall when given.
    func grid(_ items: [View], columns: Int, rowHeight: Length = .fit) -> View {
        var rows: [View] = []
        var i = 0
        while i < items.count {
            var row = Array(items[i..<min(i + columns, items.count)])
            row = row.map { var v = $0; v.length = .flex(1); return v }
            while row.count < columns { row.append(.spacer()) }
            rows.append(.row(row, spacing: gap, length: rowHeight))
            i += columns
        }
        return .column(rows, spacing: gap, length: .fit)
    }

    func busy(title: String, message: String, detail: String? = nil) -> View {
        var content: [View] = [.spacer(), .text(message, TextStyle(.headline, alignment: .center))]
        if let detail { content.append(.text(detail, TextStyle(.title, .muted, alignment: .center))) }
        content.append(.spacer())
        return page(title, content: content, footer: [])
    }

    /// "This screen closes in 18 s" with "More time": the last seconds before a timeout.
    /// On a payment with money in, it says the money stays: walking away costs nothing.
    func countdown(_ seconds: Int, _ model: KioskScreenModel, _ s: Strings) -> View {
        // The 7″ panel says the same in fewer words: its bar must leave the screen its three rows.
        var text = theme.isCompact ? s.closingInShort(seconds) : s.closingIn(seconds)
        if case .payment(let p) = model.screen, p.inserted.isPositive {
            text = theme.isCompact ? s.closingInKeepsCreditShort(seconds, s.money(p.inserted)) : s.closingInKeepsCredit(seconds, s.money(p.inserted))
        }
        // In portrait the button gets a row of its own under the words: the width goes to the words.
        let parts: [View] = [.text(text, TextStyle(.title, maxLines: 4), length: theme.isPortrait ? .fit : .flex(1)),
                             .button(s.moreTime, icon: .clock, style: .primary, action: .moreTime, length: .fit)]
        return .panel(.warning, padding: gap / 2, length: .flex(1),
                      theme.isPortrait ? .column(parts, spacing: gap / 2, length: .fit) : .row(parts, spacing: gap))
    }

    /// A keyboard key row height: never below the 15 mm target.
    var keyHeight: Int { max(theme.minTarget, Int(Double(theme.buttonHeight) * 0.8)) }
}
