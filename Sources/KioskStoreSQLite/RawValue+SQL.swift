extension RawRepresentable where RawValue == String {
    /// The raw value as an SQL string literal (`'stacked'`), so a state written into a query's
    /// text is the domain's own spelling and a renamed case cannot leave a query behind. Only for
    /// the domain's constants: values from outside are always bound as `?` arguments.
    var sqlLiteral: String {
        precondition(!rawValue.contains("'"), "a raw value written into SQL text holds no quote")
        return "'\(rawValue)'"
    }
}

extension Sequence where Element: RawRepresentable, Element.RawValue == String {
    /// `'a', 'b'`: the body of an SQL `IN (...)` list of raw values.
    var sqlList: String { map(\.sqlLiteral).joined(separator: ", ") }
}
