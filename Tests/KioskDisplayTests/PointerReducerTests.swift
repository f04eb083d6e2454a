import Testing
@testable import KioskDisplay

/// Multitouch protocol B and single-touch sequences, written as evemu-record lines (the format a
/// technician records on a kiosk with `evemu-record`), fed through the reducer a real device uses.
@Suite struct PointerReducerTests {
    let screen = ScreenGeometry(physicalWidth: 1024, physicalHeight: 768)
    let panel = TouchCalibration(minX: 0, maxX: 4095, minY: 0, maxY: 4095)

    func reduce(_ text: String, kind: PointerReducer.Kind = .multitouch,
                calibration: TouchCalibration? = nil, geometry: ScreenGeometry? = nil) -> [PointerEvent] {
        var r = PointerReducer(kind: kind, calibration: calibration ?? panel, geometry: geometry ?? screen)
        return ReplayInputSource.parseEvemu(text).flatMap { r.feed($0) }
    }

    @Test func oneFingerTapIsDownMoveUp() {
        let events = reduce("""
            # one finger: lands in the middle, slides right, lifts
            E: 0.000000 0003 002f 0
            E: 0.000000 0003 0039 100
            E: 0.000000 0003 0035 2048
            E: 0.000000 0003 0036 2048
            E: 0.000000 0001 014a 1
            E: 0.000000 0003 0000 2048
            E: 0.000000 0003 0001 2048
            E: 0.000000 0000 0000 0
            E: 0.010000 0003 0035 2100
            E: 0.010000 0003 0000 2100
            E: 0.010000 0000 0000 0
            E: 0.020000 0003 0039 -1
            E: 0.020000 0001 014a 0
            E: 0.020000 0000 0000 0
            """)
        #expect(events == [PointerEvent(.down, x: 512, y: 384), PointerEvent(.moved, x: 525, y: 384),
                           PointerEvent(.up, x: 525, y: 384)])
    }

    @Test func secondFingerIsIgnoredAndNeverBecomesPrimary() {
        let events = reduce("""
            E: 0.000000 0003 0039 7
            E: 0.000000 0003 0035 0
            E: 0.000000 0003 0036 0
            E: 0.000000 0000 0000 0
            # a second finger (slot 1) lands and moves: the primary does not move
            E: 0.010000 0003 002f 1
            E: 0.010000 0003 0039 8
            E: 0.010000 0003 0035 4095
            E: 0.010000 0003 0036 4095
            E: 0.010000 0000 0000 0
            E: 0.020000 0003 0035 4000
            E: 0.020000 0000 0000 0
            # the primary (slot 0) lifts while slot 1 stays down: up at the primary's point
            E: 0.030000 0003 002f 0
            E: 0.030000 0003 0039 -1
            E: 0.030000 0000 0000 0
            # slot 1 moves on: nothing, until every finger is up
            E: 0.040000 0003 002f 1
            E: 0.040000 0003 0035 3000
            E: 0.040000 0000 0000 0
            E: 0.050000 0003 0039 -1
            E: 0.050000 0000 0000 0
            # a new touch in slot 1 becomes the primary
            E: 0.060000 0003 0039 9
            E: 0.060000 0003 0035 4095
            E: 0.060000 0003 0036 0
            E: 0.060000 0000 0000 0
            E: 0.070000 0003 0039 -1
            E: 0.070000 0000 0000 0
            """)
        #expect(events == [PointerEvent(.down, x: 0, y: 0), PointerEvent(.up, x: 0, y: 0),
                           PointerEvent(.down, x: 1023, y: 0), PointerEvent(.up, x: 1023, y: 0)])
    }

    @Test func framesAfterSynDroppedAreSkippedUntilTheNextReport() {
        let events = reduce("""
            E: 0.000000 0003 0039 1
            E: 0.000000 0003 0035 0
            E: 0.000000 0003 0036 0
            E: 0.000000 0000 0000 0
            E: 0.010000 0000 0003 0
            E: 0.010000 0003 0035 4095
            E: 0.010000 0000 0000 0
            E: 0.020000 0003 0035 2048
            E: 0.020000 0000 0000 0
            """)
        #expect(events == [PointerEvent(.down, x: 0, y: 0), PointerEvent(.moved, x: 512, y: 0)])
    }

    @Test func tabletWithLeftButton() {
        // What QEMU's virtio tablet sends: ABS_X/ABS_Y 0..32767, BTN_LEFT.
        let events = reduce("""
            E: 0.000000 0003 0000 26624
            E: 0.000000 0003 0001 21504
            E: 0.000000 0000 0000 0
            E: 0.010000 0001 0110 1
            E: 0.010000 0000 0000 0
            E: 0.020000 0001 0110 0
            E: 0.020000 0000 0000 0
            """, kind: .absolute, calibration: TouchCalibration(minX: 0, maxX: 32767, minY: 0, maxY: 32767))
        #expect(events == [PointerEvent(.down, x: 831, y: 503), PointerEvent(.up, x: 831, y: 503)])
    }

    @Test func relativeMouseMovesACursorFromTheCentre() {
        let events = reduce("""
            E: 0.000000 0002 0000 10
            E: 0.000000 0002 0001 -4
            E: 0.000000 0000 0000 0
            E: 0.010000 0001 0110 1
            E: 0.010000 0000 0000 0
            E: 0.020000 0002 0000 2000
            E: 0.020000 0000 0000 0
            E: 0.030000 0001 0110 0
            E: 0.030000 0000 0000 0
            """, kind: .relative)
        #expect(events == [PointerEvent(.down, x: 522, y: 380), PointerEvent(.moved, x: 1023, y: 380),
                           PointerEvent(.up, x: 1023, y: 380)])
    }

    @Test func swapAndInvertFixAPanelWiredTheOtherWay() {
        let cal = TouchCalibration(minX: 100, maxX: 4000, minY: 200, maxY: 3900, swapAxes: true, invertX: true)
        // Raw x at its minimum, raw y at its maximum: after swapping, x is 1 (inverted to 0), y is 0.
        #expect(cal.panelPoint(rawX: 100, rawY: 3900, width: 800, height: 480) == (0, 0))
        #expect(cal.panelPoint(rawX: 4000, rawY: 200, width: 800, height: 480) == (799, 479))
        // Out of range readings clamp to the edge.
        #expect(TouchCalibration(minX: 0, maxX: 10, minY: 0, maxY: 10).panelPoint(rawX: -5, rawY: 99, width: 11, height: 11) == (0, 10))
    }

    @Test func touchesFollowTheDisplayRotation() {
        // A portrait UI (768×1024) on a landscape panel turned 90° clockwise: the panel's top-right
        // corner is the UI's top-left.
        let rotated = ScreenGeometry(physicalWidth: 1024, physicalHeight: 768, rotation: .clockwise90)
        let events = reduce("""
            E: 0.000000 0003 0039 1
            E: 0.000000 0003 0035 4095
            E: 0.000000 0003 0036 0
            E: 0.000000 0000 0000 0
            E: 0.010000 0003 0039 -1
            E: 0.010000 0000 0000 0
            """, geometry: rotated)
        #expect(events == [PointerEvent(.down, x: 0, y: 0), PointerEvent(.up, x: 0, y: 0)])
    }
}

@Suite struct ReplayInputSourceTests {
    @Test func recordingReplaysThroughTheReducerAndFinishes() async {
        let text = """
            E: 0.000000 0003 0039 5
            E: 0.000000 0003 0035 100
            E: 0.000000 0003 0036 200
            E: 0.000000 0000 0000 0
            E: 0.010000 0003 0039 -1
            E: 0.010000 0000 0000 0
            """
        let source = ReplayInputSource(recording: ReplayInputSource.parseEvemu(text), kind: .multitouch,
                                       calibration: TouchCalibration(minX: 0, maxX: 1000, minY: 0, maxY: 1000),
                                       geometry: ScreenGeometry(physicalWidth: 1001, physicalHeight: 1001))
        var seen: [InputEvent] = []
        for await e in source.events { seen.append(e) }
        #expect(seen == [.pointer(PointerEvent(.down, x: 100, y: 200)), .pointer(PointerEvent(.up, x: 100, y: 200))])
    }
}
