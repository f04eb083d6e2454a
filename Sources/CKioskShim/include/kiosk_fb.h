#pragma once
#include <linux/fb.h>
#include <linux/kd.h>

/// `ioctl` is variadic, which Swift cannot call: these fetch the fbdev screen descriptions.
/// Each returns 0 or -1 with errno set.
int kiosk_fb_get_var(int fd, struct fb_var_screeninfo *var);
int kiosk_fb_get_fix(int fd, struct fb_fix_screeninfo *fix);
/// FBIOPUT_VSCREENINFO: asks for a taller virtual screen so two frames fit and can be panned.
int kiosk_fb_put_var(int fd, struct fb_var_screeninfo *var);
/// Pans the visible window to `var->yoffset` (FBIOPAN_DISPLAY): the fbdev page flip.
int kiosk_fb_pan(int fd, struct fb_var_screeninfo *var);
/// Asks the driver to wait for vertical blank (FBIO_WAITFORVSYNC); many drivers return ENOTTY.
int kiosk_fb_wait_vsync(int fd);
/// Reads and sets the console mode (KDGETMODE / KDSETMODE): KD_GRAPHICS stops fbcon drawing
/// its cursor and messages over the kiosk's pixels.
int kiosk_kd_get_mode(int tty_fd, int *mode);
int kiosk_kd_set_mode(int tty_fd, int mode);
