/// The validator's table of bill types: which note each of the 24 bill-type numbers means.
///
/// CCNET Interface Rev. 2.3.1 §5.4 GET BILL TABLE (0x41): 24 entries of 5 bytes. Byte 1 is the
/// first digit(s) of the denomination, bytes 2–4 the ASCII country code ("RUS"), byte 5 the power
/// of ten (bit 7 set means a negative power). An all-zero entry is an unused bill type. The bill
/// type number is the entry's index; it is what ESCROW/BILL STACKED report and ENABLE BILL TYPES
/// masks.
public struct CCNETBillTable: Equatable, Sendable {
    public struct Entry: Equatable, Sendable {
        public let billType: UInt8
        public let digits: UInt8
        public let country: String
        public let exponent: Int8

        public init(billType: UInt8, digits: UInt8, country: String, exponent: Int8) {
            self.billType = billType
            self.digits = digits
            self.country = country
            self.exponent = exponent
        }

        /// The denomination in minor units of a currency with `minorPerMajor` minor units, or nil
        /// when it is not a whole number of minor units or does not fit.
        public func minorUnits(minorPerMajor: Int64) -> Int64? {
            var value = Int64(digits).multipliedReportingOverflow(by: minorPerMajor)
            guard !value.overflow else { return nil }
            if exponent >= 0 {
                for _ in 0..<Int(exponent) {
                    value = value.partialValue.multipliedReportingOverflow(by: 10)
                    guard !value.overflow else { return nil }
                }
                return value.partialValue
            }
            var result = value.partialValue
            for _ in 0..<Int(-Int(exponent)) {
                guard result % 10 == 0 else { return nil }
                result /= 10
            }
            return result
        }
    }

    public static let entryCount = 24
    public static let entrySize = 5

    /// Used entries only, in bill-type order.
    public let entries: [Entry]

    public init(entries: [Entry]) {
        precondition(entries.allSatisfy { Int($0.billType) < CCNETBillTable.entryCount }, "bill type out of range")
        self.entries = entries.sorted { $0.billType < $1.billType }
    }

    /// Parses the response DATA; nil unless it is exactly 24 × 5 bytes.
    public init?(data: [UInt8]) {
        guard data.count == CCNETBillTable.entryCount * CCNETBillTable.entrySize else { return nil }
        var entries: [Entry] = []
        for index in 0..<CCNETBillTable.entryCount {
            let bytes = data[(index * 5)..<(index * 5 + 5)]
            let digits = bytes[bytes.startIndex]
            if digits == 0 { continue }
            let countryBytes = bytes[(bytes.startIndex + 1)..<(bytes.startIndex + 4)]
            // Always three characters; a byte that is not printable ASCII reads as "?".
            let country = String(decoding: countryBytes.map { $0 >= 0x20 && $0 < 0x7F ? $0 : 0x3F }, as: UTF8.self)
            let power = bytes[bytes.startIndex + 4]
            let magnitude = Int8(power & 0x7F)
            entries.append(Entry(billType: UInt8(index), digits: digits, country: country,
                                 exponent: power & 0x80 != 0 ? -magnitude : magnitude))
        }
        self.init(entries: entries)
    }

    /// The response DATA (the emulator's side).
    public var data: [UInt8] {
        var bytes = [UInt8](repeating: 0, count: CCNETBillTable.entryCount * CCNETBillTable.entrySize)
        for entry in entries {
            let offset = Int(entry.billType) * CCNETBillTable.entrySize
            bytes[offset] = entry.digits
            let country = Array(entry.country.utf8.prefix(3)) + [UInt8](repeating: 0x20, count: max(0, 3 - entry.country.utf8.count))
            bytes[(offset + 1)...(offset + 3)] = country[0..<3]
            bytes[offset + 4] = entry.exponent < 0 ? UInt8(-Int(entry.exponent)) | 0x80 : UInt8(entry.exponent)
        }
        return bytes
    }

    public func entry(billType: UInt8) -> Entry? {
        entries.first { $0.billType == billType }
    }

    /// A table of whole-unit notes of one country, e.g. `[10, 50, 100]` for "RUS" → types 0, 1, 2.
    public static func wholeUnits(country: String, _ denominations: [Int]) -> CCNETBillTable {
        var entries: [Entry] = []
        for (index, denomination) in denominations.enumerated() {
            var digits = denomination
            var exponent: Int8 = 0
            while digits > 0 && digits % 10 == 0 {
                digits /= 10
                exponent += 1
            }
            precondition(digits > 0 && digits <= 255, "denomination \(denomination) cannot be coded in one digit byte")
            entries.append(Entry(billType: UInt8(index), digits: UInt8(digits), country: country, exponent: exponent))
        }
        return CCNETBillTable(entries: entries)
    }
}

/// The answer to IDENTIFICATION (0x37): CCNET Interface Rev. 2.3.1 §5.4 IDENTIFICATION, 15 bytes
/// of ASCII part number, 12 bytes of ASCII serial number, 7 bytes of asset number.
public struct CCNETIdentification: Equatable, Sendable {
    public let partNumber: String
    public let serialNumber: String
    public let assetNumber: [UInt8]

    public init(partNumber: String, serialNumber: String, assetNumber: [UInt8] = [UInt8](repeating: 0, count: 7)) {
        self.partNumber = partNumber
        self.serialNumber = serialNumber
        self.assetNumber = assetNumber
    }

    public init?(data: [UInt8]) {
        guard data.count == 34 else { return nil }
        func text(_ bytes: ArraySlice<UInt8>) -> String {
            String(decoding: bytes.filter { $0 >= 0x20 && $0 < 0x7F }, as: UTF8.self)
                .trimmingSpaces()
        }
        partNumber = text(data[0..<15])
        serialNumber = text(data[15..<27])
        assetNumber = Array(data[27..<34])
    }

    public var data: [UInt8] {
        func padded(_ text: String, _ count: Int) -> [UInt8] {
            let bytes = Array(text.utf8.prefix(count))
            return bytes + [UInt8](repeating: 0x20, count: count - bytes.count)
        }
        let asset = Array(assetNumber.prefix(7)) + [UInt8](repeating: 0, count: max(0, 7 - assetNumber.count))
        return padded(partNumber, 15) + padded(serialNumber, 12) + asset
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        var scalars = Substring(self)
        while scalars.first == " " { scalars.removeFirst() }
        while scalars.last == " " { scalars.removeLast() }
        return String(scalars)
    }
}

/// 24-bit bill-type masks as ENABLE BILL TYPES and GET STATUS carry them.
public enum CCNETBillMask {
    public static func mask(_ billTypes: some Sequence<UInt8>) -> UInt32 {
        billTypes.reduce(UInt32(0)) { $1 < 24 ? $0 | (1 << UInt32($1)) : $0 }
    }

    public static func billTypes(_ mask: UInt32) -> [UInt8] {
        (0..<24).filter { mask & (1 << UInt32($0)) != 0 }.map { UInt8($0) }
    }
}
