import Foundation
import KioskDomain

/// Everything the kiosk shows, as a value: the screen builder is a pure function of this, so a
/// golden test can draw any screen in any language without devices.
public struct KioskScreenModel: Sendable, Equatable {
    public var screen: KioskScreen = .idle
    public var language: MoneyFormatter.Language
    public var catalog: ScreenCatalog
    public var status: DeviceStatus = DeviceStatus()
    /// Money a customer paid that bought nothing yet (cancelled or timed-out payment): never lost,
    /// shown on the idle screen and spent on the next purchase.
    public var keptCredit: Money?
    /// Staff switched the kiosk out of service.
    public var outOfServiceBySwitch = false
    /// Shown on the out-of-service screen, from config.
    public var supportPhone: String
    /// Staff-only data.
    public var staff: StaffData
    /// The wall-clock time the idle screen filters plans with.
    public var now: Date
    /// Whole seconds left before this screen times out, while that is under the warning time
    /// (`InactivityTimeouts.warning`): the screen shows them with a "More time" button. Nil otherwise.
    public var countdown: Int?
    /// Large text and high contrast, as this customer switched them on at the idle screen.
    public var display = DisplayMode.standard
    /// Which page of the screen's list is shown, from 0, where a list is longer than the panel
    /// holds (the 7″ panel pages its plan lists and staff forms). A new screen starts at 0.
    public var page = 0

    public init(language: MoneyFormatter.Language, catalog: ScreenCatalog, supportPhone: String, now: Date,
                staff: StaffData = StaffData()) {
        self.language = language
        self.catalog = catalog
        self.supportPhone = supportPhone
        self.now = now
        self.staff = staff
    }

    /// Customer screens give way to "out of service" on a device fault or the staff switch.
    public var isOutOfService: Bool { outOfServiceBySwitch || status.hasBlockingFault }

    /// Plans on sale now, in this kiosk's zone.
    public var plansOnSale: [PricePlan] {
        catalog.plans.filter { $0.isOnSale(inZone: catalog.zone, at: now, siteTimeZone: catalog.siteTimeZone) }
    }

    public var refillPlansOnSale: [PricePlan] {
        catalog.refillPlans.filter { $0.isOnSale(inZone: catalog.zone, at: now, siteTimeZone: catalog.siteTimeZone) }
    }
}

/// What the kiosk sells.
public struct ScreenCatalog: Sendable, Equatable {
    public var plans: [PricePlan]
    public var ratePlan: RatePlan?
    public var refillPlans: [PricePlan]
    public var acceptedNotes: [Money]
    public var zone: String?
    public var siteTimeZone: TimeZone
    public var currency: Currency

    /// Free plans are left out of `plans`: a walk-up customer is never sold a free ticket (free
    /// accounts are the operator's, made at the counter or printed from the staff screen).
    public init(plans: [PricePlan], ratePlan: RatePlan? = nil, refillPlans: [PricePlan] = [], acceptedNotes: [Money],
                zone: String? = nil, siteTimeZone: TimeZone, currency: Currency) {
        self.plans = plans.filter { !$0.isFree }
        self.ratePlan = ratePlan
        self.refillPlans = refillPlans
        self.acceptedNotes = acceptedNotes.sorted()
        self.zone = zone
        self.siteTimeZone = siteTimeZone
        self.currency = currency
    }

    public func plan(id: String) -> PricePlan? { (plans + refillPlans).first { $0.id == id } }
}

/// Health of each device, as the composition root last saw it.
public struct DeviceStatus: Sendable, Equatable {
    public enum Health: Sendable, Equatable {
        case ok
        /// Works, but someone should look (paper low, disk filling).
        case warning(String)
        /// Does not work.
        case fault(String)

        public var isFault: Bool { if case .fault = self { true } else { false } }
    }

    public var printer: Health = .ok
    public var cashAcceptor: Health = .ok
    /// The central store: offline means tickets still sell, refills of unknown accounts do not.
    public var store: Health = .ok
    /// False on a standalone kiosk (no central store configured): refills are of what this kiosk sold.
    public var storeConfigured = true
    public var disk: Health = .ok
    /// Why sales are closed, worded for staff; nil while the kiosk may take money. The composition
    /// root sets it from KioskCore's `SalesReadiness`, the one rule that also gates the acceptor.
    public var salesClosedReason: String?
    /// The kiosk has just started and is settling what its last run left unfinished (a few
    /// seconds): the screen says "starting", not "out of service".
    public var starting = false
    /// A line for the technician under "out of service" (what is broken and the command that
    /// fixes it), for faults a person must repair before the kiosk can sell again, such as a
    /// damaged database. Nil for passing faults: the staff status page names those.
    public var technicianNotice: String?

    public init(printer: Health = .ok, cashAcceptor: Health = .ok, store: Health = .ok, disk: Health = .ok,
                storeConfigured: Bool = true, salesClosedReason: String? = nil) {
        self.printer = printer
        self.cashAcceptor = cashAcceptor
        self.store = store
        self.disk = disk
        self.storeConfigured = storeConfigured
        self.salesClosedReason = salesClosedReason
    }

    public var storeOnline: Bool { !store.isFault }
    public var hasBlockingFault: Bool { salesClosedReason != nil }
}

/// Data the staff screens show.
public struct StaffData: Sendable, Equatable {
    public struct Credit: Sendable, Equatable {
        public var id: String
        public var amount: Money
        public var createdAt: Date
        public init(id: String, amount: Money, createdAt: Date) {
            self.id = id
            self.amount = amount
            self.createdAt = createdAt
        }
    }

    public var credits: [Credit]
    /// Notes per denomination since the last collection.
    public var cashBox: [Int64: Int]
    public var hasLastReceipt: Bool

    public init(credits: [Credit] = [], cashBox: [Int64: Int] = [:], hasLastReceipt: Bool = false) {
        self.credits = credits
        self.cashBox = cashBox
        self.hasLastReceipt = hasLastReceipt
    }
}
