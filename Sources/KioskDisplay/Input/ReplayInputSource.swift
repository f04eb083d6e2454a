/// Replays input for tests and demos: either recorded kernel events (evemu-record text) through the
/// same reducer a real device uses, or scripted pointer events. Replays run to the end and finish.
public final class ReplayInputSource: InputSource, @unchecked Sendable {
    public let events: AsyncStream<InputEvent>
    private let continuation: AsyncStream<InputEvent>.Continuation

    /// Scripted events, delivered in order.
    public init(_ script: [InputEvent]) {
        (events, continuation) = AsyncStream.makeStream(of: InputEvent.self)
        for e in script { continuation.yield(e) }
        continuation.finish()
    }

    /// Recorded kernel events for a device of `kind` with the given calibration and screen.
    public convenience init(recording: [RawInputEvent], kind: PointerReducer.Kind,
                            calibration: TouchCalibration, geometry: ScreenGeometry) {
        var reducer = PointerReducer(kind: kind, calibration: calibration, geometry: geometry)
        self.init(recording.flatMap { reducer.feed($0) }.map { InputEvent.pointer($0) })
    }

    /// Parses evemu-record text ("E: sec.usec type code value" lines).
    public static func parseEvemu(_ text: String) -> [RawInputEvent] {
        text.split(separator: "\n").compactMap { RawInputEvent(evemuLine: $0) }
    }

    public func stop() { continuation.finish() }
}
