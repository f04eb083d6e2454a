/// A config file that cannot be used: names the file, the line and the key, and says what is
/// wrong and what would be right. Nothing is changed when config is bad.
public struct ConfigError: Error, CustomStringConvertible, Sendable {
    public let file: String
    public let line: Int?
    public let key: String?
    public let message: String

    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let key { return "\(location): key '\(key)': \(message)" }
        return "\(location): \(message)"
    }
}

/// Finds the line a key sits on, for errors that TOML parsing itself does not catch (a wrong
/// type, a bad value, an unknown key). It follows `[table]` and `[[array]]` headers like a reader.
struct ConfigLines {
    let lines: [Substring]

    init(_ text: String) {
        lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// The 1-based line of `key` inside `table` (e.g. "kiosk", or "plan" with `index` for the
    /// index-th `[[plan]]`), or the table's header line if the key is not written there.
    func line(of key: String?, inTable table: String?, index: Int? = nil) -> Int? {
        var currentTable: String? = nil
        var arrayIndex: [String: Int] = [:]
        var headerLine: Int? = nil
        for (number, raw) in lines.enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.hasPrefix("[[") {
                let name = String(line.dropFirst(2).prefix { $0 != "]" }).trimmingCharacters(in: .whitespaces)
                arrayIndex[name, default: -1] += 1
                currentTable = name
                if name == table && arrayIndex[name] == (index ?? 0) { headerLine = number + 1 }
                continue
            }
            if line.hasPrefix("[") {
                let name = String(line.dropFirst().prefix { $0 != "]" }).trimmingCharacters(in: .whitespaces)
                currentTable = name
                if name == table && index == nil { headerLine = number + 1 }
                continue
            }
            guard let key, currentTable == table, table == nil || index == nil || arrayIndex[table!] == index else { continue }
            let name = line.prefix { $0 != "=" }.trimmingCharacters(in: .whitespaces)
            if name == key || name == "\"\(key)\"" { return number + 1 }
        }
        return headerLine
    }
}
