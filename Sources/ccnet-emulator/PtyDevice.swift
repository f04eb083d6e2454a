#if canImport(Glibc)
import Glibc
#endif
import CKioskShim
import KioskSystem

/// The emulator's end of a pseudo-terminal: the master side plays the bill validator's serial
/// port, the slave side (/dev/pts/N) is what the kiosk opens. The slave path is published through
/// a symlink (`--link`) and/or a file holding the path (`--path-file`), both replaced atomically,
/// so "unplug then replug" can give a new /dev/pts/N under the same link, like a USB adapter that
/// comes back.
final class PtyDevice: Sendable {
    let master: Int32
    /// Kept open so the master never sees EIO while the kiosk has the port closed.
    private let slave: Int32
    let slavePath: String

    init() throws(EmulatorError) {
        var master: Int32 = -1
        var slave: Int32 = -1
        guard kiosk_openpty(&master, &slave) == 0 else { throw .system("openpty failed", errno) }
        guard let name = ttyname(slave) else { throw .system("ttyname failed", errno) }
        slavePath = String(cString: name)
        // Raw from the start: bytes must pass untouched even before the kiosk sets up the port.
        var settings = termios()
        tcgetattr(slave, &settings)
        cfmakeraw(&settings)
        cfsetispeed(&settings, kiosk_baud_constant(9600))
        cfsetospeed(&settings, kiosk_baud_constant(9600))
        tcsetattr(slave, TCSANOW, &settings)
        let flags = fcntl(master, F_GETFL)
        _ = fcntl(master, F_SETFL, flags | O_NONBLOCK)
        _ = fcntl(master, F_SETFD, FD_CLOEXEC)
        _ = fcntl(slave, F_SETFD, FD_CLOEXEC)
        self.master = master
        self.slave = slave
    }

    func close() {
        _ = Glibc.close(master)
        _ = Glibc.close(slave)
    }

    /// Bytes the kiosk sent, waiting up to `timeoutMilliseconds`.
    func read(timeoutMilliseconds: Int32) -> [UInt8] {
        var entry = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
        guard poll(&entry, 1, timeoutMilliseconds) > 0, entry.revents & Int16(POLLIN) != 0 else { return [] }
        var buffer = [UInt8](repeating: 0, count: 512)
        let count = buffer.withUnsafeMutableBytes { Glibc.read(master, $0.baseAddress!, $0.count) }
        return count > 0 ? Array(buffer[0..<count]) : []
    }

    func write(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in retryingEINTR { Glibc.write(master, raw.baseAddress! + offset, raw.count - offset) } }
            if written > 0 {
                offset += written
            } else if errno == EAGAIN {   // the kiosk has not read the line yet
                usleep(1000)
            } else {
                return
            }
        }
    }

    /// Points `link` at the slave and/or writes its path into `pathFile`, each atomically (rename).
    func publish(link: String?, pathFile: String?) throws(EmulatorError) {
        if let link {
            let temporary = link + ".tmp"
            unlink(temporary)
            guard symlink(slavePath, temporary) == 0 else { throw .system("cannot create link '\(link)'", errno) }
            guard rename(temporary, link) == 0 else { throw .system("cannot create link '\(link)'", errno) }
        }
        if let pathFile {
            let temporary = pathFile + ".tmp"
            guard let file = fopen(temporary, "w") else { throw .system("cannot write '\(pathFile)'", errno) }
            fputs(slavePath + "\n", file)
            fflush(file)
            fsync(fileno(file))
            fclose(file)
            guard rename(temporary, pathFile) == 0 else { throw .system("cannot write '\(pathFile)'", errno) }
        }
    }

    /// Removes the link (the device node vanished). The path file stays: it names a dead pts.
    static func unpublish(link: String?) {
        if let link { unlink(link) }
    }
}
