import Foundation
import KioskCash
import KioskCore
import KioskDomain
import Testing

/// The CCNET driver against `ccnet-emulator` on a real pty: every validator state, the escrow
/// decision, faults during stacking, power cuts and the device vanishing and coming back.
@Suite(.serialized) struct CCNETDriverTests {
    static let all: Set<Money> = [.rub(10), .rub(50), .rub(100), .rub(200), .rub(500), .rub(1000), .rub(2000), .rub(5000)]

    /// Starts the driver, waits for it to connect and enables `denominations`.
    func connect(_ emulator: EmulatorHarness, _ denominations: Set<Money> = all,
                 _ adjust: (inout CCNETDriver.Configuration) -> Void = { _ in }) async throws -> (CCNETDriver, EventRecorder) {
        let driver = emulator.driver(adjust)
        let events = EventRecorder(driver)
        driver.start()
        await events.next("power-up") { $0 == .poweredUp(noteInside: PowerUpNote.none) }
        let connected = await events.next("connected") { $0.isConnected }
        if case let .connected(info)? = connected {
            #expect(info.denominations.count == 8)
            #expect(info.serialNumber == "EMU0000001")
        }
        try await driver.enable(denominations)
        await events.next("idle") { $0.isIdle }
        return (driver, events)
    }

    /// Waits for `.stacked` of `note` and confirms it, as the kiosk does once the credit is recorded.
    func stacked(_ value: Int64, _ note: NoteRef, _ driver: CCNETDriver, _ events: EventRecorder,
                 sourceLocation: SourceLocation = #_sourceLocation) async throws {
        await events.next("stacked \(value)", sourceLocation: sourceLocation) { $0 == .stacked(amount: .rub(value), note: note) }
        try await driver.confirmStacked(note)
    }

    /// Inserts a note and waits for its escrow event.
    func escrow(_ value: Int64, _ emulator: EmulatorHarness, _ events: EventRecorder) async throws -> NoteRef? {
        try emulator.send("insert \(value)")
        guard let (amount, note) = await events.next("escrow of \(value)", { $0.escrowNote != nil })?.escrowNote else { return nil }
        #expect(amount == .rub(value))
        return note
    }

    @Test func noteStackedAfterEscrow() async throws {
        let emulator = try EmulatorHarness(["--accept-ms", "300"])
        let (driver, events) = try await connect(emulator)
        try emulator.send("insert 100")
        await events.next("accepting") { $0 == .accepting }
        let (amount, note) = try #require(await events.next("escrow") { $0.escrowNote != nil }?.escrowNote)
        #expect(amount == .rub(100))
        try await driver.stack(note)
        await events.next("stacking") { $0 == .stacking(note: note) }
        try await stacked(100, note, driver, events)
        await events.next("idle again") { $0.isIdle }
        #expect(emulator.notes() == ["stacked 100"])
        // Stacking the same note again is refused: it is no longer in escrow.
        await #expect(throws: CashAcceptorError.noteNotInEscrow(note)) { try await driver.stack(note) }
        await driver.stop()
    }

    @Test func noteReturnedOnRequest() async throws {
        let emulator = try EmulatorHarness()
        let (driver, events) = try await connect(emulator)
        let note = try #require(try await escrow(500, emulator, events))
        try await driver.returnNote(note)
        await events.next("returning") { $0 == .returning(note: note) }
        await events.next("returned") { $0 == .returned(amount: .rub(500), note: note) }
        #expect(emulator.notes() == ["returned 500"])
        #expect(!events.all.contains { $0.stackedNote != nil })
        await driver.stop()
    }

    @Test func inhibitedAndCounterfeitNotesAreRejected() async throws {
        let emulator = try EmulatorHarness()
        let (driver, events) = try await connect(emulator, [.rub(100)])
        try emulator.send("insert 50")
        await events.next("rejected as inhibited") { $0 == .rejected(.inhibited) }
        await events.next("idle") { $0.isIdle }
        try emulator.send("reject")
        await events.next("rejected as unrecognised") { $0 == .rejected(.unrecognised) }
        await events.next("idle") { $0.isIdle }
        try emulator.send("insert 7")  // not in the bill table
        await events.next("rejected unknown note") { $0 == .rejected(.unrecognised) }
        #expect(emulator.notes().isEmpty)
        await driver.stop()
    }

    @Test func inhibitDisablesAndEnableRestores() async throws {
        let emulator = try EmulatorHarness()
        let (driver, events) = try await connect(emulator)
        try await driver.inhibit()
        await events.next("disabled") { $0 == .disabled }
        #expect(try emulator.send("status").contains("state=disabled"))
        try await driver.enable([.rub(100)])
        await events.next("idle") { $0.isIdle }
        #expect(try emulator.send("status").contains("enabled=0x4"))
        await #expect(throws: CashAcceptorError.unknownDenomination(.rub(3))) { try await driver.enable([.rub(3)]) }
        await driver.stop()
    }

    @Test func undecidedNoteIsHeldThenReturned() async throws {
        // The emulator returns an escrowed note after 300 ms unless HOLD comes; the driver holds
        // every 150 ms and gives up after 1.2 s.
        let emulator = try EmulatorHarness(["--escrow-timeout-ms", "300"])
        let (driver, events) = try await connect(emulator) {
            $0.holdEveryMilliseconds = 150
            $0.maximumEscrowMilliseconds = 1_200
        }
        let note = try #require(try await escrow(200, emulator, events))
        await events.next("holding") { $0 == .holding(note: note) }
        await events.next("returned after the maximum escrow time", within: 5) { $0 == .returned(amount: .rub(200), note: note) }
        #expect(emulator.notes() == ["returned 200"])
        await driver.stop()
    }

    @Test func heldNoteCanStillBeStacked() async throws {
        let emulator = try EmulatorHarness(["--escrow-timeout-ms", "300"])
        let (driver, events) = try await connect(emulator) { $0.holdEveryMilliseconds = 150 }
        let note = try #require(try await escrow(1000, emulator, events))
        await events.next("holding") { $0 == .holding(note: note) }
        try await Task.sleep(for: .milliseconds(700))  // longer than the device's own escrow timeout
        try await driver.stack(note)
        try await stacked(1000, note, driver, events)
        #expect(emulator.notes() == ["stacked 1000"])
        await driver.stop()
    }

    @Test func cassetteFullAndRemovedAreFaults() async throws {
        let emulator = try EmulatorHarness()
        let (driver, events) = try await connect(emulator)
        try emulator.send("cassette-full")
        await events.next("cassette full") { $0 == .fault(.cassetteFull) }
        try emulator.send("cassette-remove")
        await events.next("cassette removed") { $0 == .fault(.cassetteRemoved) }
        try emulator.send("cassette-insert")
        await events.next("idle after collection") { $0.isIdle }
        await driver.stop()
    }

    @Test func validatorJamFailureAndBusy() async throws {
        let emulator = try EmulatorHarness()
        let (driver, events) = try await connect(emulator)
        try emulator.send("jam")
        await events.next("jammed") { $0 == .fault(.jammed) }
        try emulator.send("clear")
        await events.next("idle") { $0.isIdle }
        try emulator.send("failure 50")
        await events.next("failure") { $0 == .fault(.failure(code: 0x50, detail: "stack motor failure")) }
        try await driver.reset()
        await events.next("idle after reset") { $0.isIdle }
        try emulator.send("busy 300")
        await events.next("busy") { $0 == .busy }
        await events.next("idle") { $0.isIdle }
        await driver.stop()
    }

    @Test func jamWhileStackingThenCleared() async throws {
        let emulator = try EmulatorHarness(stackMs: 600)
        let (driver, events) = try await connect(emulator)
        let note = try #require(try await escrow(5000, emulator, events))
        try await driver.stack(note)
        await events.next("stacking") { $0 == .stacking(note: note) }
        try emulator.send("jam")
        await events.next("cassette jammed") { $0 == .fault(.cassetteJammed) }
        #expect(emulator.notes().isEmpty)
        try emulator.send("clear")
        try await stacked(5000, note, driver, events)
        #expect(emulator.notes() == ["stacked 5000"])
        await driver.stop()
    }

    @Test func cassetteRemovedWhileStacking() async throws {
        let emulator = try EmulatorHarness(stackMs: 600)
        let (driver, events) = try await connect(emulator)
        let note = try #require(try await escrow(2000, emulator, events))
        try await driver.stack(note)
        await events.next("stacking") { $0 == .stacking(note: note) }
        try emulator.send("cassette-remove")
        await events.next("cassette removed") { $0 == .fault(.cassetteRemoved) }
        try await Task.sleep(for: .milliseconds(700))
        #expect(emulator.notes().isEmpty)
        try emulator.send("cassette-insert")
        try await stacked(2000, note, driver, events)
        #expect(emulator.notes() == ["stacked 2000"])
        #expect(events.all.filter { $0.stackedNote != nil }.count == 1)
        await driver.stop()
    }

    @Test func powerCutInEscrowReturnsTheNote() async throws {
        let emulator = try EmulatorHarness()
        let (driver, events) = try await connect(emulator)
        let note = try #require(try await escrow(100, emulator, events))
        try emulator.send("power-cycle 200")
        await events.next("power-up with the note inside") { $0 == .poweredUp(noteInside: .inValidator) }
        await events.next("returned, same note") { $0 == .returned(amount: .rub(100), note: note) }
        await events.next("enabled again") { $0.isIdle }
        #expect(emulator.notes() == ["returned 100"])
        await driver.stop()
    }

    @Test func powerCutWhileStackingFinishesStacking() async throws {
        let emulator = try EmulatorHarness(stackMs: 600)
        let (driver, events) = try await connect(emulator)
        let note = try #require(try await escrow(500, emulator, events))
        try await driver.stack(note)
        await events.next("stacking") { $0 == .stacking(note: note) }
        try emulator.send("power-cycle 200")
        await events.next("power-up with the note in the stacker") { $0 == .poweredUp(noteInside: .inStacker) }
        try await stacked(500, note, driver, events)
        await events.next("enabled again") { $0.isIdle }
        #expect(emulator.notes() == ["stacked 500"])
        #expect(events.all.filter { $0.stackedNote != nil }.count == 1)
        await driver.stop()
    }

    @Test func driverRestartFindsNoteStillInEscrow() async throws {
        let emulator = try EmulatorHarness()
        let (first, events) = try await connect(emulator)
        _ = try #require(try await escrow(50, emulator, events))
        await first.stop()
        // A new driver (the kiosk restarted) finds the device in escrow and reports it again.
        let second = emulator.driver()
        let again = EventRecorder(second)
        second.start()
        let (amount, note) = try #require(await again.next("escrow seen at start") { $0.escrowNote != nil }?.escrowNote)
        #expect(amount == .rub(50))
        try await second.stack(note)
        await again.next("stacked") { $0 == .stacked(amount: .rub(50), note: note) }
        #expect(emulator.notes() == ["stacked 50"])
        await second.stop()
    }

    @Test func unconfirmedStackedNoteIsReportedAgainAfterRestart() async throws {
        // The kiosk dies between the stacked report and its record: the device must still hold it.
        let emulator = try EmulatorHarness()
        let (first, events) = try await connect(emulator)
        let note = try #require(try await escrow(200, emulator, events))
        try await first.stack(note)
        await events.next("stacked") { $0 == .stacked(amount: .rub(200), note: note) }
        try await Task.sleep(for: .milliseconds(200))
        #expect(try emulator.send("status").contains("state=bill-stacked-3"))
        await first.stop()

        let second = emulator.driver()
        let again = EventRecorder(second)
        second.start()
        let (amount, recovered) = try #require(await again.next("stacked reported again") { $0.stackedNote != nil }?.stackedNote)
        #expect(amount == .rub(200))
        #expect(recovered.id.hasSuffix("-recovered"))
        try await second.confirmStacked(recovered)
        // This driver was never asked to enable anything: the device moves on, disabled.
        await again.next("moved on once confirmed") { $0 == .disabled }
        #expect(emulator.notes() == ["stacked 200"])
        #expect(again.all.filter { $0.stackedNote != nil }.count == 1)
        await second.stop()
    }

    @Test func unpluggedDeviceComesBack() async throws {
        let emulator = try EmulatorHarness()
        let (driver, events) = try await connect(emulator)
        try emulator.send("unplug")
        await events.next("disconnected") { $0.isDisconnected }
        await #expect(throws: CashAcceptorError.notConnected) { try await driver.enable(Self.all) }
        try await Task.sleep(for: .milliseconds(300))
        try emulator.send("replug")
        await events.next("connected again") { $0.isConnected }
        await events.next("enabled again") { $0.isIdle }
        let note = try #require(try await escrow(10, emulator, events))
        try await driver.stack(note)
        try await stacked(10, note, driver, events)
        #expect(driver.statistics.disconnects == 1)
        #expect(driver.statistics.connects == 2)
        // One outage is reported once, however many reconnect attempts it took.
        #expect(events.all.filter(\.isDisconnected).count == 1)
        await driver.stop()
    }

    @Test func silentDeviceIsDisconnectedUntilItAnswers() async throws {
        let emulator = try EmulatorHarness()
        let (driver, events) = try await connect(emulator)
        try emulator.send("mute")
        await events.next("disconnected") { $0.isDisconnected }
        try emulator.send("unmute")
        await events.next("connected again") { $0.isConnected }
        await events.next("idle") { $0.isIdle }
        await driver.stop()
    }

    @Test func garbageAndCorruptedAnswersAreSurvived() async throws {
        let emulator = try EmulatorHarness()
        let (driver, events) = try await connect(emulator)
        for round in 0..<5 {
            try emulator.send(round % 2 == 0 ? "garbage 40" : "corrupt")
            try await Task.sleep(for: .milliseconds(60))
        }
        let note = try #require(try await escrow(100, emulator, events))
        try emulator.send("corrupt")
        try await driver.stack(note)
        try await stacked(100, note, driver, events)
        try await Task.sleep(for: .milliseconds(200))
        let statistics = driver.statistics
        #expect(statistics.crcErrors + statistics.timeouts >= 2)
        #expect(statistics.discardedBytes > 0)
        #expect(events.all.filter { $0.stackedNote != nil }.count == 1)
        #expect(!events.all.contains { $0.isDisconnected })
        await driver.stop()
    }

    @Test func missingPortIsReportedOnceAndRetried() async throws {
        var configuration = CCNETDriver.Configuration(path: "/nonexistent/ccnet-\(UUID().uuidString)", currency: .rub)
        configuration.reconnectDelayMilliseconds = 50
        let driver = CCNETDriver(configuration: configuration)
        let events = EventRecorder(driver)
        driver.start()
        let event = await events.next("disconnected") { $0.isDisconnected }
        if case let .disconnected(reason)? = event {
            #expect(reason.contains("cannot be opened"))
        }
        try await Task.sleep(for: .milliseconds(300))
        #expect(events.all.count == 1)
        await #expect(throws: CashAcceptorError.notConnected) { try await driver.reset() }
        await driver.stop()
    }
}
