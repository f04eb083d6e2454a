import KioskTestSupport
import Testing
@testable import KioskDomain


@Suite struct AccessCodeTests {
    let namespace = KioskNamespace(number: 7)!

    @Test func layoutIsNamespaceRandomCheck() throws {
        var rng = SeededRandom(seed: 1)
        let code = AccessCode.generate(namespace: namespace, using: &rng)
        #expect(code.canonical.count == 13)
        #expect(code.namespace == namespace)
        #expect(code.grouped.split(separator: "-").map(\.count) == [4, 4, 4, 1])
        #expect(try AccessCode.parse(code.grouped) == code)
        #expect(try AccessCode.parse(code.canonical.lowercased()) == code)
    }

    @Test func randomPartCarriesAtLeastFiftyBits() {
        // 10 symbols of a 32-symbol alphabet: 10 × 5 = 50 bits, namespace and check not counted.
        #expect(AccessCode.defaultRandomLength * 5 >= 50)
        #expect(Crockford.alphabet.count == 32)
        #expect(Set(Crockford.alphabet).count == 32)
        #expect(!Crockford.alphabet.contains { "ILOU".contains($0) })
    }

    @Test func lookAlikesReadAsTheirDigits() throws {
        var rng = SeededRandom(seed: 2)
        var code = AccessCode.generate(namespace: KioskNamespace(number: 0)!, using: &rng)
        while !code.canonical.contains("0") && !code.canonical.contains("1") {
            code = AccessCode.generate(namespace: KioskNamespace(number: 0)!, using: &rng)
        }
        let typed = code.grouped.replacingOccurrences(of: "0", with: "o").replacingOccurrences(of: "1", with: "l")
        #expect(try AccessCode.parse(typed) == code)
    }

    @Test func checkSymbolCatchesEverySingleMistakeAndNeighbourSwap() throws {
        var rng = SeededRandom(seed: 3)
        for _ in 0..<200 {
            let code = AccessCode.generate(namespace: namespace, using: &rng)
            let symbols = Array(code.canonical)
            for position in symbols.indices {
                for replacement in Crockford.alphabet where replacement != symbols[position] {
                    var typo = symbols
                    typo[position] = replacement
                    #expect(throws: AccessCodeError.checkSymbolMismatch) { try AccessCode.parse(String(typo)) }
                }
                if position + 1 < symbols.count && symbols[position] != symbols[position + 1] {
                    var swapped = symbols
                    swapped.swapAt(position, position + 1)
                    #expect(throws: AccessCodeError.checkSymbolMismatch) { try AccessCode.parse(String(swapped)) }
                }
            }
        }
    }

    @Test func badInputSaysWhatIsWrong() {
        #expect(throws: AccessCodeError.invalidSymbol) { try AccessCode.parse("AB#D-EFGH") }
        #expect(throws: AccessCodeError.invalidSymbol) { try AccessCode.parse("UUUU-UUUU-UUUU-U") }
        #expect(throws: AccessCodeError.tooShort) { try AccessCode.parse("ABCD") }
    }

    /// A million codes from 20 kiosk identities — one of them started again (a restart: a fresh
    /// generator, the same namespace) — are all different. Across kiosks the namespace makes a clash
    /// impossible; within one namespace the store's unique index (here the `taken` set, as the store
    /// does) makes the generator draw again, and the test counts how often that was needed.
    @Test func millionCodesUnderTwentyKiosksAreUnique() {
        var all = Set<String>()
        all.reserveCapacity(1_000_000)
        var redraws = 0
        var takenByNamespace: [Int: Set<String>] = [:]
        let runs: [(namespace: Int, count: Int)] = (0..<20).map { ($0 * 51, 47_500) } + [(0, 50_000)]   // kiosk 0 restarts
        for run in runs {
            var rng = SystemRandomNumberGenerator()
            var taken = takenByNamespace[run.namespace, default: []]
            for _ in 0..<run.count {
                var code = AccessCode.generate(namespace: KioskNamespace(number: run.namespace)!, using: &rng)
                while taken.contains(code.canonical) {
                    redraws += 1
                    code = AccessCode.generate(namespace: KioskNamespace(number: run.namespace)!, using: &rng)
                }
                taken.insert(code.canonical)
                all.insert(code.canonical)
            }
            takenByNamespace[run.namespace] = taken
        }
        #expect(all.count == 1_000_000)
        #expect(redraws <= 2)   // expected ≈ 2×10⁻⁶ redraws at 50 bits; more means a weak generator
        let prefixes = Dictionary(grouping: all, by: { $0.prefix(2) })
        #expect(prefixes.count == 20)
    }

    @Test func namespacesRoundTrip() {
        for number in [0, 1, 31, 32, 1023] {
            let namespace = KioskNamespace(number: number)!
            #expect(KioskNamespace(symbols: namespace.symbols) == namespace)
        }
        #expect(KioskNamespace(number: 1024) == nil)
    }
}
