import KioskApp

/// The `kiosk` executable: everything lives in KioskApp so that tests can run the same commands.
@main
enum KioskMain {
    static func main() async {
        await KioskCommand.main()
    }
}
