/// The version of this build of the kiosk software: what `kiosk --version` and `kiosk-store --version`
/// print and what a kiosk's status report tells the store (`KioskStatusReport.softwareVersion`).
///
/// A build from source says `dev`. `scripts/package` stamps the package's version into each binary
/// it packs by overwriting the bytes of `stamp` in place (found by its marker, same length, padded
/// with spaces), so one build makes packages of any version without compiling again, and the
/// version a box reports is the one `dpkg -l` shows. `Tests/system/package.sh` checks that.
public enum SoftwareVersion {
    /// Marker, `=`, the version, then spaces to a fixed length of 96 bytes. Longer than 15 bytes,
    /// so the compiler keeps it as bytes in the binary's read-only data (not inline in code), in one
    /// copy the package script can find. Nothing may read it but `current`: a second literal
    /// holding the marker would give the script two places to stamp.
    static let stamp = "@(#)kiosk-software-version=dev                                                                  "

    /// The stamped version, or `dev` for a build that was never packaged.
    public static let current: String = parse(stamp)

    /// The version in a stamp: after the first `=`, up to the first space or NUL.
    static func parse(_ stamp: String) -> String {
        guard let equals = stamp.firstIndex(of: "=") else { return "dev" }
        let version = stamp[stamp.index(after: equals)...].prefix { $0 != " " && $0 != "\0" }
        return version.isEmpty ? "dev" : String(version)
    }
}
