/* The microcode image the simulated ROM loads, and the names of its addresses for messages. */
#ifndef ROM_H
#define ROM_H

#include <stddef.h>

/* The image to load: --ucode (or the one the build assembled), with one bit flipped for --flip
 * (written to a temporary file that is removed at exit). A bad --flip is a usage error. */
const char *rom_image_path(void);

/* "uPC 0x031 insn_ok+2" for microcode address UPC (or "uPC -" when UPC < 0), from the listing
 * beside the image. */
void rom_upc_text(int upc, char *buf, size_t len);

/* The address of the label that word UPC belongs to (the nearest label at or below it). */
int rom_label_address(int upc);

#endif
