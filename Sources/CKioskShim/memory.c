#include "kiosk_memory.h"
#include <malloc.h>

int kiosk_malloc_set_mmap_threshold(size_t bytes) {
    return mallopt(M_MMAP_THRESHOLD, (int)bytes);
}
