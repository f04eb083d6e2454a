import Foundation
import KioskDomain
import KioskGraphics

/// The kiosk's UI state machine. Input (taps, keys, the passing of time) and events from the use
/// cases go in; the model changes and intents come out for the composition root to carry out.
/// No IO, no clocks of its own: time is passed in (seconds on any monotonic clock), so every
/// customer journey can be scripted in a unit test.
public struct UIController {
    public internal(set) var model: KioskScreenModel
    /// The current screen laid out: what is drawn and what taps hit.
    public private(set) var layout: LayoutNode
    public var timeouts = InactivityTimeouts()
    /// The panel's theme in the standard mode; `theme` is it in the customer's display mode.
    public let baseTheme: Theme
    public private(set) var builder: ScreenBuilder
    public private(set) var engine: LayoutEngine
    private var gesture = StaffGesture()
    private var lastActivity: Double = 0
    /// The screen kind last laid out: coming back to idle from another screen ends a customer's session.
    private var laidOut: KioskScreen.Kind

    public init(model: KioskScreenModel, theme: Theme, font: Font, qr: any QREncoder) {
        self.model = model
        baseTheme = theme
        let shown = theme.adapted(to: model.display)
        builder = ScreenBuilder(theme: shown, qr: qr)
        engine = LayoutEngine(theme: shown, font: font)
        laidOut = model.screen.kind
        layout = engine.layout(builder.build(model), in: Rect(x: 0, y: 0, width: theme.size.width, height: theme.size.height))
    }

    /// The theme the current screen is drawn in (the renderer must draw with it too).
    public var theme: Theme { builder.theme }
    public var screen: KioskScreen { model.screen }

    /// Side of the corner squares of the staff gesture: two touch targets. The idle and
    /// out-of-service screens keep a target's width free at both ends of their footers, so the
    /// squares' centres never fall on a button.
    public var gestureCornerSide: Int { theme.minTarget * 2 }

    // MARK: Input

    public mutating func handle(_ input: UIInput, at time: Double) -> [UIIntent] {
        lastActivity = time
        model.countdown = nil   // any touch is a person still there
        defer { relayout() }
        switch input {
        case let .tap(x, y):
            let p = Point(x: x, y: y)
            if let action = layout.action(at: p) {
                gesture.reset()
                return perform(action)
            }
            if model.screen == .idle || model.screen == .outOfService,
               gesture.tap(p, in: theme.reachableArea, cornerSide: gestureCornerSide, at: time) {
                model.screen = .staffPIN(PINEntry())
            }
            return []
        case .character(let ch):
            if case .staffPIN = model.screen, let d = ch.wholeNumberValue { return perform(.pinDigit(d)) }
            return perform(.key(ch))
        case .backspace:
            if case .staffPIN = model.screen { return perform(.pinClear) }
            return perform(.backspace)
        case .enter:
            if case .staffPIN = model.screen { return perform(.pinSubmit) }
            return perform(.submitEntry)
        case .escape:
            return model.screen.isStaff ? perform(.staffExit) : perform(.cancel)
        }
    }

    /// Lets time pass: counts down the last `timeouts.warning` seconds of the screen's inactivity
    /// timeout, then returns to idle, keeping credit.
    public mutating func tick(at time: Double) -> [UIIntent] {
        guard let limit = timeout(for: model.screen) else { return [] }
        let left = limit - (time - lastActivity)
        guard left <= 0 else {
            let shown = left <= timeouts.warning ? Int(left.rounded(.up)) : nil
            if shown != model.countdown {
                model.countdown = shown
                relayout()
            }
            return []
        }
        defer { relayout() }
        lastActivity = time
        model.countdown = nil
        switch model.screen {
        case .payment(let p):
            if p.inserted.isPositive { model.keptCredit = p.inserted }
            model.screen = .idle
            return [.inactivityTimeout]
        case .done, .refillDone:
            model.screen = .idle
            return [.saleFinished]
        case let s where s.isStaff:
            model.screen = .idle
            return [.staffLeft]
        case .idle:
            model.display = .standard   // someone switched a mode on and walked away
            return []
        default:
            model.screen = .idle
            return []
        }
    }

    func timeout(for screen: KioskScreen) -> Double? {
        switch screen {
        // Idle with a display mode on is someone's session: it ends (and the mode with it) like browsing.
        case .idle: model.display.isStandard || model.isOutOfService ? nil : timeouts.browsing
        case .outOfService, .printing, .refillLookingUp: nil
        case .payment: timeouts.payment
        case .done(let r): r.receipt == .printed ? timeouts.done : timeouts.doneUnprinted
        case .refillDone: timeouts.done
        case let s where s.isStaff: timeouts.staff
        default: timeouts.browsing
        }
    }

    // MARK: Events from the use cases

    public mutating func apply(_ event: ScreenEvent, at time: Double) {
        let activityBefore = lastActivity
        defer {
            if lastActivity != activityBefore { model.countdown = nil }   // a note going in, a new screen: time starts again
            relayout()
        }
        switch event {
        case .catalogChanged(let c): model.catalog = c
        case .statusChanged(let s): model.status = s
        case .clock(let d): model.now = d
        case .paymentStarted(let p):
            model.keptCredit = nil   // kept credit is now part of `inserted`
            model.screen = .payment(p)
            lastActivity = time
        case let .paymentUpdated(inserted, notes, message, checking):
            guard case .payment(var p) = model.screen else { return }
            p.inserted = inserted
            p.notes = notes
            p.message = message
            p.checking = checking
            model.screen = .payment(p)
            lastActivity = time   // a note going in is the customer acting
        case .paid(let name):
            model.screen = .printing(productName: name)
        case .ticketIssued(let r):
            model.screen = .done(r)
            lastActivity = time
        case .paymentCancelled(let credit):
            model.keptCredit = credit
            model.screen = .notice(.cancelled(keptCredit: credit))
            lastActivity = time
        case .creditKept(let credit):
            model.keptCredit = credit
        case .refillFound(let a):
            model.screen = .refillChoosePlan(a)
            lastActivity = time
        case .refillFailed(let n):
            model.screen = .notice(n)
            lastActivity = time
        case .refillApplied(let r):
            model.screen = .refillDone(r)
            lastActivity = time
        case .staffPINResult(let result):
            guard case .staffPIN = model.screen else { return }
            switch result {
            case .accepted: model.screen = .staffMenu
            case .wrong(let left): model.screen = .staffPIN(PINEntry(message: .wrong(attemptsLeft: left)))
            case .locked(let minutes): model.screen = .staffPIN(PINEntry(message: .locked(minutesLeft: minutes)))
            }
        case .staffData(let d): model.staff = d
        case .staffMessage(let m):
            if model.screen.isStaff { model.screen = .staffMessage(m) }
        case .outOfService(let on): model.outOfServiceBySwitch = on
        }
    }

    /// Replaces the model wholesale (previews, tests, restart).
    public mutating func setModel(_ m: KioskScreenModel) {
        model = m
        laidOut = m.screen.kind
        relayout()
    }

    private mutating func relayout() {
        // The next customer starts afresh, and staff work in the standard screens.
        if (model.screen == .idle && laidOut != .idle) || model.screen.isStaff { model.display = .standard }
        if laidOut != model.screen.kind { model.page = 0 }   // a new screen opens on its first page
        laidOut = model.screen.kind
        if timeout(for: model.screen) == nil { model.countdown = nil }
        let shown = baseTheme.adapted(to: model.display)
        if shown != builder.theme {
            builder = ScreenBuilder(theme: shown, qr: builder.qr)
            engine = LayoutEngine(theme: shown, font: engine.font)
        }
        layout = engine.layout(builder.build(model), in: Rect(x: 0, y: 0, width: theme.size.width, height: theme.size.height))
    }
}
