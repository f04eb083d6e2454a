#pragma once
#include <linux/input.h>

/// EVIOCGBIT(ev, len), EVIOCGABS(abs), EVIOCGNAME(len) and EVIOCGPROP(len) are function-like
/// macros and `ioctl` is variadic: Swift can use neither, so these wrap the evdev queries.
/// Each returns the ioctl result (byte count or 0) or -1 with errno set.
int kiosk_evdev_bits(int fd, unsigned int ev_type, void *bits, unsigned int len);
int kiosk_evdev_props(int fd, void *bits, unsigned int len);
int kiosk_evdev_abs(int fd, unsigned int axis, struct input_absinfo *info);
int kiosk_evdev_name(int fd, char *name, unsigned int len);
/// EVIOCGRAB: 1 takes the device for this process alone (the console stops seeing its keys), 0 releases.
int kiosk_evdev_grab(int fd, int grab);
