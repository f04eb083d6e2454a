import ArgumentParser
import Foundation
import KioskSystem

/// The Python peer: venv and fontconfig made by scripts/render-peer-setup.sh.
struct PeerEnvironment {
    var python: String
    var fontconfig: String
    var script: String
    var version = "cairo"

    static func prepare(root: String, work: String, quiet: Bool) throws -> PeerEnvironment {
        let out = try runProcess("/bin/bash", [root + "/scripts/render-peer-setup.sh", work], env: [:], stderrToParent: !quiet)
        guard let last = out.split(separator: "\n").last, last.hasPrefix("PYTHON=") else {
            throw ValidationError("scripts/render-peer-setup.sh failed: \(out)")
        }
        var kv: [String: String] = [:]
        for part in last.split(separator: " ") {
            let p = part.split(separator: "=", maxSplits: 1)
            if p.count == 2 { kv[String(p[0])] = String(p[1]) }
        }
        return PeerEnvironment(python: kv["PYTHON"]!, fontconfig: kv["FONTCONFIG_FILE"]!, script: root + "/scripts/render-peer-cairo.py")
    }

    private func result(_ args: [String], env: [String: String]) throws -> [String: Any] {
        var e = env
        e["FONTCONFIG_FILE"] = fontconfig
        let out = try runProcess(python, [script] + args, env: e)
        guard let line = out.split(separator: "\n").first(where: { $0.hasPrefix("RESULT ") }),
              let obj = try JSONSerialization.jsonObject(with: Data(line.dropFirst(7).utf8)) as? [String: Any] else {
            throw ValidationError("cairo peer printed no RESULT line: \(out)")
        }
        return obj
    }

    mutating func measure(scenePath: String, into s: inout SideSamples, nFull: Int, nPartial: Int, nText: Int, outDir: String?) throws {
        let r = try result([scenePath] + (outDir.map { [$0] } ?? []),
                           env: ["N_FULL": "\(nFull)", "N_PARTIAL": "\(nPartial)", "N_TEXT": "\(nText)"])
        s.full += r["full_ms"] as! [Double]
        s.partial += r["partial_ms"] as! [Double]
        s.text += r["text_ms"] as! [Double]
        s.peakRSSKiB = max(s.peakRSSKiB, r["peak_rss_kib"] as! Int)
        version = r["version"] as! String
    }

    /// A fresh interpreter per sample; only the first frame is kept (N_* = 1 keeps the rest short).
    func cold(scenePath: String, into s: inout SideSamples) throws {
        let spawned = MonotonicClock.seconds()
        let r = try result([scenePath], env: ["N_FULL": "1", "N_PARTIAL": "1", "N_TEXT": "1"])
        s.cold.append(r["cold_ms"] as! Double)
        s.coldSpawn.append(((r["first_frame_monotonic_s"] as! Double) - spawned) * 1e3)
        s.coldPeakRSSKiB = max(s.coldPeakRSSKiB, r["peak_rss_kib"] as! Int)
    }
}
