#pragma once
#include <termios.h>

/// `cfsetispeed`/`cfsetospeed` take `B9600`-style constants, which are macros Swift cannot map
/// from a plain number: this turns a baud rate into its constant, or returns 0 if unsupported.
speed_t kiosk_baud_constant(unsigned int baud);

/// `ioctl(fd, TIOCEXCL)` is variadic, which Swift cannot call: this claims the tty exclusively so a
/// second kiosk (or a stray terminal program) cannot open the bill acceptor and interleave frames.
/// Returns 0, or -1 with errno set.
int kiosk_serial_set_exclusive(int fd);

/// `ioctl(fd, FIONREAD)` is variadic: the number of bytes waiting to be read, or -1 with errno set.
/// Used to tell "the line is quiet" from "bytes are still arriving" when discarding stale input.
int kiosk_serial_bytes_available(int fd);

/// `openpty` lives in <pty.h>, which Glibc's module map does not export: this opens a pty pair for
/// the bill-acceptor emulator (it plays the device on the master side). Returns 0 and fills both descriptors, or -1 with errno set.
int kiosk_openpty(int *master_fd, int *slave_fd);
