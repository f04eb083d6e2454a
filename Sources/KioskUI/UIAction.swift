import KioskDomain

/// What a button does inside the UI. The controller turns actions into screen changes and, where
/// the outside world must act, into `UIIntent`s.
public enum UIAction: Sendable, Hashable {
    // Customer
    case setLanguage(MoneyFormatter.Language)
    case choosePlan(String)
    case buyTime
    case startRefill
    case confirmAmount
    case cancel
    case finish
    /// The idle screen's large-text and high-contrast switches.
    case toggleLargeText
    case toggleHighContrast
    /// "More time" on a countdown: the screen stays, with its timeout started again.
    case moreTime
    /// The previous or next page of a list too long for the panel (`KioskScreenModel.page`).
    case showPage(Int)
    // Keyboard
    case key(Character)
    case backspace
    case submitEntry
    case setEntryMode(TextEntry.Mode)
    case chooseRefillPlan(String)
    // Staff
    case pinDigit(Int)
    case pinClear
    case pinSubmit
    case staffOpen(StaffPage)
    case staffExit
    case adjustCount(denomination: Int64, delta: Int)
    case editCollectionField(CollectionField)
    case confirmCollection
    case chooseVoucherPlan(String)
    case adjustVoucherCount(Int)
    case printVouchers
    case reprintLastReceipt
    case toggleOutOfService
}

public enum StaffPage: Sendable, Hashable, CaseIterable {
    case menu, collection, vouchers, credits, deviceStatus
}

/// What the composition root must do against the use cases. The UI never does IO itself.
public enum UIIntent: Sendable, Equatable {
    case languageChanged(MoneyFormatter.Language)
    /// Begin a purchase of this plan (spending any kept credit first).
    case choosePlan(id: String)
    case buyTimeForAmount
    /// Time for an amount: the customer is done inserting.
    case confirmAmount
    case cancelPayment
    case lookUpRefill(RefillQuery)
    case chooseRefillPlan(id: String, target: RefillQuery)
    /// The customer left the done screen.
    case saleFinished
    /// Nobody touched the screen for too long; a running payment must end with its credit kept.
    case inactivityTimeout
    case staffPIN(String)
    case staffLeft
    case staffPageOpened(StaffPage)
    case confirmCollection(CollectionForm)
    case printVouchers(planID: String, count: Int)
    case reprintLastReceipt
    case setOutOfService(Bool)
}

/// Input the controller understands: taps in screen coordinates and keys from a keyboard.
public enum UIInput: Sendable, Equatable {
    case tap(x: Int, y: Int)
    case character(Character)
    case backspace
    case enter
    case escape
}
