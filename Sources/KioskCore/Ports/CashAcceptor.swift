import KioskDomain

/// A bill acceptor as the use cases see it: notes arrive in escrow, the kiosk decides to stack or
/// return each one, and only a *stacked* note is money.
///
/// Protocol-neutral on purpose: CCNET (CashCode) implements it today; eSSP or ccTalk drivers can
/// follow without touching the use cases. One consumer reads `events` (an `AsyncStream` has a
/// single reader); commands may come from any task.
///
/// The money rule lives with the caller: write the intent to credit a note durably *before*
/// calling `stack`, and credit it only on `.stacked`. A driver reports a note it finds stacked
/// after a power cut or restart even if it never saw the escrow (see `CashAcceptorEvent`).
public protocol CashAcceptor: Sendable {
    /// Everything the device reports, in order. Finishes when the driver is stopped.
    var events: AsyncStream<CashAcceptorEvent> { get }

    /// Accept exactly these denominations (others are refused by the device); an empty set is the
    /// same as `inhibit()`. Kept across reconnects and power cycles.
    func enable(_ denominations: Set<Money>) async throws(CashAcceptorError)
    /// Refuse every note (a sale is complete, the kiosk is out of service).
    func inhibit() async throws(CashAcceptorError)
    /// Send the note in escrow to the cassette. `note` must be the one reported by `.escrow`.
    func stack(_ note: NoteRef) async throws(CashAcceptorError)
    /// Give the note in escrow back to the customer.
    func returnNote(_ note: NoteRef) async throws(CashAcceptorError)
    /// Restart the device (after a jam is cleared, or a failure).
    func reset() async throws(CashAcceptorError)
    /// Tells the device that `.stacked` for `note` is durably recorded. Until then a driver keeps
    /// the report un-acknowledged on the device (which goes on reporting it and takes no new
    /// note), so a kiosk killed between the report and its record hears about the note again
    /// after restart instead of losing it. Call it right after the credit is committed.
    func confirmStacked(_ note: NoteRef) async throws(CashAcceptorError)
}

extension CashAcceptor {
    /// For devices (and fakes) whose reports need no confirmation.
    public func confirmStacked(_ note: NoteRef) async throws(CashAcceptorError) {}
}

/// The driver's name for one physical note from the moment it is seen until it is stacked or
/// returned. Device protocols do not number notes, so the driver makes it up: unique within one
/// driver run, and marked `recovered` when the note was found after a power cut or restart.
public struct NoteRef: Hashable, Sendable, Codable, CustomStringConvertible {
    public let id: String
    public init(_ id: String) { self.id = id }
    public var description: String { id }
}

/// What a connected device is: shown to staff and logged.
public struct CashAcceptorInfo: Hashable, Sendable {
    public let model: String
    public let serialNumber: String
    /// The notes this device can take (its bill table, in the kiosk's currency).
    public let denominations: [Money]

    public init(model: String, serialNumber: String, denominations: [Money]) {
        self.model = model
        self.serialNumber = serialNumber
        self.denominations = denominations
    }
}

public enum CashAcceptorEvent: Hashable, Sendable {
    /// The device answers and is set up; `info` says what it is.
    case connected(CashAcceptorInfo)
    /// The device stopped answering or its port vanished; the driver keeps trying to reconnect.
    case disconnected(reason: String)
    /// The device reported a power-up; `noteInside` tells whether a note was caught by the power
    /// cut. Its fate follows as `.stacked` or `.returned` once the device has restarted.
    case poweredUp(noteInside: PowerUpNote)
    /// Enabled and waiting for a note.
    case idle
    /// No denomination enabled: notes are refused at the slot.
    case disabled
    /// A note is being drawn in and checked.
    case accepting
    /// A note of `amount` waits for `stack` or `returnNote`.
    case escrow(amount: Money, note: NoteRef)
    /// The note is on its way to the cassette.
    case stacking(note: NoteRef)
    /// The note is in the cassette: this is money. Reported once per note by a running driver;
    /// reported again after a restart if it was never confirmed (`confirmStacked`).
    case stacked(amount: Money, note: NoteRef)
    /// The note is on its way back to the customer.
    case returning(note: NoteRef?)
    /// The note was given back (`amount` nil when the device could not say which).
    case returned(amount: Money?, note: NoteRef?)
    /// The device refused a note and gave it back.
    case rejected(NoteRejectReason)
    /// The device is keeping the note in escrow while the kiosk decides.
    case holding(note: NoteRef)
    /// The device is busy and will answer again shortly.
    case busy
    /// Something a person must fix; the device takes no notes until it clears.
    case fault(CashFault)
}

public enum PowerUpNote: Hashable, Sendable {
    case none
    /// A note was in the transport path; devices give it back after restart.
    case inValidator
    /// A note was in the stacker; devices finish stacking it after restart.
    case inStacker
}

public enum NoteRejectReason: Hashable, Sendable, CustomStringConvertible {
    /// The denomination is not enabled.
    case inhibited
    /// Not recognised as a genuine note (magnetic, optic, identification, verification checks).
    case unrecognised
    /// Inserted badly, two notes at once, wrong length, or a transport error.
    case handling
    /// Any other reason, with the device's code.
    case other(code: Int)

    public var description: String {
        switch self {
        case .inhibited: return "this note is not accepted now"
        case .unrecognised: return "the note was not recognised"
        case .handling: return "the note was inserted badly; insert one note, flat"
        case let .other(code): return "the note was refused (code \(code))"
        }
    }
}

public enum CashFault: Hashable, Sendable, CustomStringConvertible {
    case jammed
    case cassetteJammed
    case cassetteFull
    case cassetteRemoved
    case cheated
    case failure(code: Int, detail: String)

    public var description: String {
        switch self {
        case .jammed: return "bill acceptor jammed: open the head and remove the note"
        case .cassetteJammed: return "bill cassette jammed: remove the cassette and clear the note"
        case .cassetteFull: return "bill cassette full: collect the cash"
        case .cassetteRemoved: return "bill cassette removed: insert the cassette"
        case .cheated: return "bill acceptor reports tampering: inspect the slot"
        case let .failure(code, detail): return "bill acceptor failure \(code) (\(detail)): power-cycle it, call service if it stays"
        }
    }
}

/// Why a command to the bill acceptor failed, phrased for whoever can act on it.
public enum CashAcceptorError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The device is not connected (unplugged, powered off, still starting).
    case notConnected
    /// `stack` or `returnNote` named a note that is not the one in escrow.
    case noteNotInEscrow(NoteRef)
    /// The device refused the command in its current state.
    case refused(command: String, state: String)
    /// A denomination the device's bill table does not have.
    case unknownDenomination(Money)
    /// The driver has been stopped.
    case stopped

    public var description: String {
        switch self {
        case .notConnected: return "bill acceptor not connected: check its cable and power"
        case let .noteNotInEscrow(note): return "note \(note) is no longer in escrow"
        case let .refused(command, state): return "bill acceptor refused \(command) while \(state)"
        case let .unknownDenomination(money): return "the bill acceptor has no bill type for \(money): check its bill table"
        case .stopped: return "bill acceptor driver stopped"
        }
    }
}
