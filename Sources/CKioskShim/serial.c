#include "kiosk_serial.h"
#include <stddef.h>
#include <pty.h>
#include <sys/ioctl.h>

speed_t kiosk_baud_constant(unsigned int baud) {
    switch (baud) {
    case 1200: return B1200;
    case 2400: return B2400;
    case 4800: return B4800;
    case 9600: return B9600;
    case 19200: return B19200;
    case 38400: return B38400;
    case 57600: return B57600;
    case 115200: return B115200;
    default: return 0;
    }
}

int kiosk_serial_set_exclusive(int fd) {
    return ioctl(fd, TIOCEXCL);
}

int kiosk_serial_bytes_available(int fd) {
    int count = 0;
    if (ioctl(fd, FIONREAD, &count) < 0) return -1;
    return count;
}

int kiosk_openpty(int *master_fd, int *slave_fd) {
    return openpty(master_fd, slave_fd, NULL, NULL, NULL);
}
