import Foundation
import Testing
@testable import KioskCash
import KioskTestSupport

/// Byte vectors from the CCNET protocol description (CCNET Interface Rev. 2.3.1 §2.2, §7.1) and
/// the frames checked on real hardware that docs/cash.md records.
@Suite struct CCNETCodecTests {
    @Test func framesMatchTheProtocolDescription() {
        #expect(CCNETCommand.reset.frame.encoded() == [0x02, 0x03, 0x06, 0x30, 0x41, 0xB3])
        #expect(CCNETCommand.poll.frame.encoded() == [0x02, 0x03, 0x06, 0x33, 0xDA, 0x81])
        #expect(CCNETFrame.ack.encoded() == [0x02, 0x03, 0x06, 0x00, 0xC2, 0x82])
    }

    @Test func crcIsKermit() {
        // The catalogue check value of CRC-16/KERMIT over "123456789".
        #expect(CCNETCRC.checksum(Array("123456789".utf8)) == 0x2189)
        #expect(CCNETCRC.checksum([UInt8]()) == 0)
    }

    /// Cross-check against an independent implementation: Python's `binascii.crc_hqx` (CRC-CCITT,
    /// MSB-first, written in C) on bit-reversed bytes, its result bit-reversed, is CRC-16/KERMIT.
    @Test func crcAgreesWithPythonBinascii() throws {
        var generator = SeededRandom(seed: 0xCC_4E_E7)
        var inputs: [[UInt8]] = [[], [0x02, 0x03, 0x06, 0x30], Array("123456789".utf8)]
        for length in [1, 2, 5, 17, 64, 250, 1000] {
            inputs.append((0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
        }
        let script = """
        import binascii, sys
        def rev8(b): return int(f'{b:08b}'[::-1], 2)
        def rev16(v): return int(f'{v:016b}'[::-1], 2)
        for line in sys.stdin:
            data = bytes.fromhex(line.strip())
            print(rev16(binascii.crc_hqx(bytes(rev8(b) for b in data), 0)))
        """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        let lines = inputs.map { $0.map { String(format: "%02x", $0) }.joined() }.joined(separator: "\n") + "\n"
        input.fileHandleForWriting.write(Data(lines.utf8))
        try input.fileHandleForWriting.close()
        let answer = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let python = answer.split(separator: "\n").compactMap { UInt16($0) }
        #expect(python == inputs.map { CCNETCRC.checksum($0) })
        #expect(python.count == inputs.count)
    }

    @Test func decoderFindsFramesSplitAcrossReads() {
        var decoder = CCNETFrameDecoder()
        let bytes = CCNETFrame(data: [0x80, 0x02]).encoded() + CCNETFrame.ack.encoded()
        var frames: [CCNETFrame] = []
        for byte in bytes {
            decoder.append([byte])
            while let output = decoder.next() {
                if case let .frame(frame) = output { frames.append(frame) }
            }
        }
        #expect(frames == [CCNETFrame(data: [0x80, 0x02]), .ack])
        #expect(decoder.pendingCount == 0)
    }

    @Test func decoderSkipsGarbageBeforeAFrame() {
        var decoder = CCNETFrameDecoder()
        decoder.append([0xFF, 0x00, 0x13, 0x37] + CCNETCommand.poll.frame.encoded())
        #expect(decoder.next() == .discarded(count: 4))
        #expect(decoder.next() == .frame(CCNETFrame(data: [0x33])))
        #expect(decoder.next() == nil)
    }

    @Test func decoderReportsCrcErrorAndResynchronises() {
        var decoder = CCNETFrameDecoder()
        var broken = CCNETCommand.reset.frame.encoded()
        broken[4] ^= 0xFF
        decoder.append(broken + CCNETFrame.ack.encoded())
        guard case .crcError = decoder.next() else {
            Issue.record("expected a CRC error")
            return
        }
        // The rest of the broken frame is skipped as garbage, then ACK is found.
        var outputs: [CCNETFrameDecoder.Output] = []
        while let output = decoder.next() { outputs.append(output) }
        #expect(outputs.last == .frame(.ack))
        #expect(!outputs.contains { if case .frame(let f) = $0 { return f != .ack } else { return false } })
    }

    @Test func decoderRejectsImpossibleLengths() {
        var decoder = CCNETFrameDecoder()
        // LNG 5 (no data) and LNG 0xFB (over 250) are not bill-validator frames.
        decoder.append([0x02, 0x03, 0x05, 0x02, 0x03, 0xFB, 0x02, 0x03])
        var discarded = 0
        while let output = decoder.next() {
            if case let .discarded(count) = output { discarded += count }
        }
        #expect(discarded == 6)
        #expect(decoder.pendingCount == 2)  // the last "02 03" might start a frame: wait for LNG
    }

    @Test func decoderWaitsOnShortFramesAndCanAbandonThem() {
        var decoder = CCNETFrameDecoder()
        let poll = CCNETCommand.poll.frame.encoded()
        // A false SYNC promising 200 bytes hides a real frame: only abandoning it finds the frame.
        decoder.append([0x02, 0x03, 200] + poll)
        #expect(decoder.next() == nil)
        let abandoned = decoder.abandonPartialFrame()
        #expect(abandoned)
        var frames: [CCNETFrame] = []
        while let output = decoder.next() {
            if case let .frame(frame) = output { frames.append(frame) }
        }
        #expect(frames == [CCNETFrame(data: [0x33])])
    }

    @Test func enableBillTypesCarriesTwoMasksMostSignificantByteFirst() {
        let command = CCNETCommand.enableBillTypes(enabled: 0x00_00FF, escrow: 0x01_0204)
        #expect(command.data == [0x34, 0x00, 0x00, 0xFF, 0x01, 0x02, 0x04])
        #expect(CCNETCommand(data: command.data) == command)
        #expect(CCNETCommand(data: [0x34, 0x00]) == nil)
        #expect(CCNETCommand(data: [0x99]) == nil)
        #expect(CCNETBillMask.mask([0, 2, 23]) == 0x80_0005)
        #expect(CCNETBillMask.billTypes(0x80_0005) == [0, 2, 23])
    }

    @Test func everyCommandRoundTrips() {
        let commands: [CCNETCommand] = [.reset, .getStatus, .poll, .stack, .returnBill, .identification, .hold, .getBillTable,
                                        .enableBillTypes(enabled: 0xFFFFFF, escrow: 0)]
        for command in commands {
            #expect(CCNETCommand(data: command.data) == command)
        }
        #expect(commands.map(\.code) == [0x30, 0x31, 0x33, 0x35, 0x36, 0x37, 0x38, 0x41, 0x34])
    }

    @Test func pollStatesDecodeFromTheirCodes() {
        let table: [([UInt8], CCNETState)] = [
            ([0x10], .powerUp), ([0x11], .powerUpWithBillInValidator), ([0x12], .powerUpWithBillInStacker),
            ([0x13], .initialize), ([0x14], .idling), ([0x15], .accepting), ([0x17], .stacking),
            ([0x18], .returning), ([0x19], .disabled), ([0x1A], .holding), ([0x1B], .busy(nil)),
            ([0x1C, 0x68], .rejecting(.inhibit)), ([0x1C, 0x61], .rejecting(.magnetic)),
            ([0x41], .dropCassetteFull), ([0x42], .dropCassetteOutOfPosition), ([0x43], .validatorJammed),
            ([0x44], .dropCassetteJammed), ([0x45], .cheated), ([0x46], .pause),
            ([0x47, 0x50], .failure(CCNETFailure(code: 0x50))),
            ([0x80, 0x02], .escrow(billType: 2)), ([0x81, 0x07], .billStacked(billType: 7)),
            ([0x82, 0x00], .billReturned(billType: 0)),
        ]
        for (data, state) in table {
            #expect(CCNETState(data: data) == state, "\(data)")
            #expect(state.data == data)
        }
        #expect(CCNETState(data: []) == .unknown([]))
        #expect(CCNETState(data: [0x80]) == .unknown([0x80]))  // escrow without its bill type
        #expect(CCNETState(data: [0x99, 1]) == .unknown([0x99, 1]))
        #expect(CCNETFailure(code: 0x50).description == "stack motor failure")
    }

    @Test func billTableDecodesRoublesAndCents() {
        let table = CCNETBillTable.wholeUnits(country: "RUS", [10, 50, 100, 200, 500, 1000, 2000, 5000])
        let data = table.data
        #expect(data.count == 120)
        #expect(Array(data[0..<5]) == [1, 0x52, 0x55, 0x53, 1])      // 1 × 10^1 RUS
        #expect(Array(data[35..<40]) == [5, 0x52, 0x55, 0x53, 3])    // bill type 7: 5 × 10^3
        let decoded = CCNETBillTable(data: data)
        #expect(decoded == table)
        let minor = decoded?.entries.map { entry in entry.minorUnits(minorPerMajor: 100) }
        #expect(minor == [1000, 5000, 10000, 20000, 50000, 100000, 200000, 500000])
        // A negative exponent (bit 7): 5 × 10^-1 = 0.50 of a major unit = 50 minor units.
        let half = CCNETBillTable.Entry(billType: 0, digits: 5, country: "USA", exponent: -1)
        #expect(half.minorUnits(minorPerMajor: 100) == 50)
        #expect(half.minorUnits(minorPerMajor: 1) == nil)
        #expect(CCNETBillTable(data: [UInt8](repeating: 0, count: 119)) == nil)
        var negative = [UInt8](repeating: 0, count: 120)
        negative[0...4] = [5, 0x55, 0x53, 0x41, 0x81]
        #expect(CCNETBillTable(data: negative)?.entries.first?.exponent == -1)
    }

    @Test func identificationRoundTrips() {
        let identification = CCNETIdentification(partNumber: "SM-RU1353", serialNumber: "41K123456", assetNumber: [1, 2, 3, 4, 5, 6, 7])
        #expect(identification.data.count == 34)
        #expect(CCNETIdentification(data: identification.data) == identification)
        #expect(CCNETIdentification(data: [0x41]) == nil)
    }
}

