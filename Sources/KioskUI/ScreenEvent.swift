import Foundation
import KioskDomain

/// What the composition root tells the UI after acting on an intent or hearing from a device.
public enum ScreenEvent: Sendable, Equatable {
    case catalogChanged(ScreenCatalog)
    case statusChanged(DeviceStatus)
    case clock(Date)
    /// A purchase began; any kept credit is already counted in `inserted`.
    case paymentStarted(PaymentState)
    /// A note was stacked, returned or rejected; `checking` is a note in escrow or stacking.
    case paymentUpdated(inserted: Money, notes: [Money], message: PaymentState.Message?, checking: Money? = nil)
    /// Paid in full; the ticket is being issued and printed.
    case paid(productName: String)
    case ticketIssued(SaleResult)
    case paymentCancelled(keptCredit: Money?)
    /// The customer credit outstanding for whoever stands at the kiosk (after a restart too).
    case creditKept(Money?)
    case refillFound(RefillAccount)
    case refillFailed(Notice)
    case refillApplied(RefillResult)
    case staffPINResult(PINResult)
    case staffData(StaffData)
    case staffMessage(StaffMessage)
    case outOfService(Bool)

    public enum PINResult: Sendable, Equatable {
        case accepted
        case wrong(attemptsLeft: Int)
        case locked(minutesLeft: Int)
    }
}

/// How long each kind of screen waits for a touch before going back to idle, in seconds.
public struct InactivityTimeouts: Sendable, Equatable {
    public var browsing: Double = 60
    public var payment: Double = 120
    public var done: Double = 60
    /// The code must be written down: give people time.
    public var doneUnprinted: Double = 300
    public var staff: Double = 120
    /// Seconds before a timeout fires that the screen counts down with "More time" (WCAG 2.2.1:
    /// a person told in time can ask for more, and a slow reader is not thrown out mid-sentence).
    public var warning: Double = 20

    public init() {}
}
