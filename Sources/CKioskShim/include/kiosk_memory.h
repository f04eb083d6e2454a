#pragma once
#include <stddef.h>

/// `mallopt` and its M_* options live in <malloc.h>, which Swift's Glibc module does not import.
/// Fixes glibc's mmap threshold at `bytes`: blocks that large always come from mmap and go back
/// to the kernel when freed (the default threshold grows to the largest block freed so far, after
/// which frame-sized buffers stay in the heap). Returns 1 on success, 0 if glibc refused.
int kiosk_malloc_set_mmap_threshold(size_t bytes);
