#include "kiosk_fb.h"
#include <sys/ioctl.h>

int kiosk_fb_get_var(int fd, struct fb_var_screeninfo *var) { return ioctl(fd, FBIOGET_VSCREENINFO, var); }
int kiosk_fb_get_fix(int fd, struct fb_fix_screeninfo *fix) { return ioctl(fd, FBIOGET_FSCREENINFO, fix); }
int kiosk_fb_put_var(int fd, struct fb_var_screeninfo *var) { return ioctl(fd, FBIOPUT_VSCREENINFO, var); }
int kiosk_fb_pan(int fd, struct fb_var_screeninfo *var) { return ioctl(fd, FBIOPAN_DISPLAY, var); }
int kiosk_fb_wait_vsync(int fd) { unsigned int screen = 0; return ioctl(fd, FBIO_WAITFORVSYNC, &screen); }
int kiosk_kd_get_mode(int tty_fd, int *mode) { long m = 0; int r = ioctl(tty_fd, KDGETMODE, &m); *mode = (int)m; return r; }
int kiosk_kd_set_mode(int tty_fd, int mode) { return ioctl(tty_fd, KDSETMODE, (long)mode); }
