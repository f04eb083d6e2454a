#pragma once
#include <termios.h>

/// `cfsetispeed`/`cfsetospeed` take `B9600`-style constants, which are macros Swift cannot map
/// from a plain number: this turns a baud rate into its constant, or returns 0 if unsupported.
speed_t kiosk_baud_constant(unsigned int baud);
