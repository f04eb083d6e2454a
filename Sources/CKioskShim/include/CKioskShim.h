// The one C shim of the project: what Swift cannot call directly (variadic ioctl, function-like
// macros such as DRM_IOCTL_MODE_CREATE_DUMB or EVIOCGABS(abs), termios speed constants).
// Each subsystem keeps its own header beside this one and is included here; every function is
// prefixed `kiosk_` and carries one comment saying why it exists.
#pragma once
#include "kiosk_serial.h"
#include "kiosk_fb.h"
#include "kiosk_input.h"
#include "kiosk_memory.h"
