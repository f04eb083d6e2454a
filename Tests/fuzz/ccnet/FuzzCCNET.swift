// libFuzzer entry point for the pure CCNET codec (Sources/KioskCash/CCNET). Not part of the
// package: Tests/system/ccnet-fuzz.sh compiles it with those sources and `-sanitize=fuzzer`.
//
// The first input byte chooses how the rest is cut into reads, as a serial port would deliver it;
// every frame found is parsed as a request, a POLL state, a bill table and an identification, and
// each parse that succeeds must survive a round trip. Any trap (overflow, out of bounds,
// precondition) or failed invariant is a crash.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCCNET(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    guard let chunking = input.first else { return 0 }
    let stream = input.dropFirst()
    let chunk = Int(chunking % 32) + 1

    var decoder = CCNETFrameDecoder()
    var consumed = 0
    var offset = stream.startIndex
    while offset < stream.endIndex {
        let end = min(offset + chunk, stream.endIndex)
        decoder.append(stream[offset..<end])
        offset = end
        drain(&decoder, &consumed)
        check(decoder.pendingCount <= stream.count, "decoder holds more than it was given")
    }
    // The line goes quiet: give up partial frames one SYNC at a time, as the driver does.
    var guardCount = 0
    while decoder.abandonPartialFrame() {
        drain(&decoder, &consumed)
        guardCount += 1
        check(guardCount <= stream.count, "abandonPartialFrame does not terminate")
    }
    check(decoder.pendingCount == 0, "bytes left after abandoning every partial frame")
    return 0
}

private func drain(_ decoder: inout CCNETFrameDecoder, _ consumed: inout Int) {
    while let output = decoder.next() {
        switch output {
        case let .frame(frame):
            let bytes = frame.encoded()
            check(bytes.count == frame.data.count + CCNETFrame.overhead, "frame length")
            var again = CCNETFrameDecoder()
            again.append(bytes)
            check(again.next() == .frame(frame), "frame does not round-trip")
            inspect(frame.data)
        case let .discarded(count):
            check(count > 0, "empty discard")
        case .crcError:
            break
        }
    }
}

private func inspect(_ data: [UInt8]) {
    if let command = CCNETCommand(data: data) {
        check(CCNETCommand(data: command.data) == command, "command round trip")
        check(command.data == data, "command re-encodes differently")
    }
    let state = CCNETState(data: data)
    check(CCNETState(data: state.data) == state, "state round trip")
    if let table = CCNETBillTable(data: data) {
        check(CCNETBillTable(data: table.data) == table, "bill table round trip")
        for entry in table.entries {
            _ = entry.minorUnits(minorPerMajor: 100)
            _ = entry.minorUnits(minorPerMajor: 1)
        }
    }
    if let identification = CCNETIdentification(data: data) {
        check(identification.data.count == 34, "identification length")
    }
}

private func check(_ condition: Bool, _ message: StaticString) {
    if !condition { fatalError("\(message)") }
}
