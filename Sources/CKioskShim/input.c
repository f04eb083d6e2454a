#include "kiosk_input.h"
#include <sys/ioctl.h>

int kiosk_evdev_bits(int fd, unsigned int ev_type, void *bits, unsigned int len) { return ioctl(fd, EVIOCGBIT(ev_type, len), bits); }
int kiosk_evdev_props(int fd, void *bits, unsigned int len) { return ioctl(fd, EVIOCGPROP(len), bits); }
int kiosk_evdev_abs(int fd, unsigned int axis, struct input_absinfo *info) { return ioctl(fd, EVIOCGABS(axis), info); }
int kiosk_evdev_name(int fd, char *name, unsigned int len) { return ioctl(fd, EVIOCGNAME(len), name); }
int kiosk_evdev_grab(int fd, int grab) { return ioctl(fd, EVIOCGRAB, (long)grab); }
