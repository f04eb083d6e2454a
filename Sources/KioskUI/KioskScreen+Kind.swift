extension KioskScreen {
    /// Which screen this is, without its data. `CaseIterable`, so a test can walk every screen the
    /// kiosk can show; `kind`'s switch has no default, so a new screen does not compile until it
    /// has a kind, and the screen tests (which switch over kinds) do not compile until it has samples.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case idle, payment, printing, done, refillEntry, refillLookingUp, refillChoosePlan, refillDone, notice, outOfService
        case staffPIN, staffMenu, staffCollection, staffCollectionField, staffVouchers, staffCredits, staffDeviceStatus, staffMessage

        /// The staff screens' kinds.
        public static let staff: Set<Kind> = [.staffPIN, .staffMenu, .staffCollection, .staffCollectionField, .staffVouchers,
                                              .staffCredits, .staffDeviceStatus, .staffMessage]
    }

    public var kind: Kind {
        switch self {
        case .idle: .idle
        case .payment: .payment
        case .printing: .printing
        case .done: .done
        case .refillEntry: .refillEntry
        case .refillLookingUp: .refillLookingUp
        case .refillChoosePlan: .refillChoosePlan
        case .refillDone: .refillDone
        case .notice: .notice
        case .outOfService: .outOfService
        case .staffPIN: .staffPIN
        case .staffMenu: .staffMenu
        case .staffCollection: .staffCollection
        case .staffCollectionField: .staffCollectionField
        case .staffVouchers: .staffVouchers
        case .staffCredits: .staffCredits
        case .staffDeviceStatus: .staffDeviceStatus
        case .staffMessage: .staffMessage
        }
    }
}
