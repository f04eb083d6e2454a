import ArgumentParser
import Foundation

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json
}

/// Prints rows as an aligned table, RFC 4180 CSV or a JSON array of objects.
enum Output {
    static func render(headers: [String], rows: [[String]], format: OutputFormat) -> String {
        switch format {
        case .table:
            let widths = headers.indices.map { column in
                ([headers[column]] + rows.map { $0[column] }).map(\.count).max() ?? 0
            }
            func line(_ cells: [String]) -> String {
                cells.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }
                    .joined(separator: "  ").trimmingCharacters(in: .whitespaces) + "\n"
            }
            return line(headers) + rows.map(line).joined()
        case .csv:
            func escape(_ cell: String) -> String {
                cell.contains(where: { ",\"\n\r".contains($0) }) ? "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : cell
            }
            return ([headers] + rows).map { $0.map(escape).joined(separator: ",") + "\r\n" }.joined()
        case .json:
            let objects = rows.map { Dictionary(uniqueKeysWithValues: zip(headers, $0)) }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return String(decoding: try! encoder.encode(objects), as: UTF8.self) + "\n"
        }
    }
}
