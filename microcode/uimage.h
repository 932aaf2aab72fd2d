/* uimage: the one reader of the assembler's outputs, the ROM image (build/ucode.hex, $readmemh
 * text, one UWORD_W-bit word a line) and the listing (build/ucode.lst: address, word, label,
 * FILE:LINE: source). udis, the GTKWave filters and the flip campaign use it; so can the
 * simulator (its --flip and its uPC messages).
 *
 * Functions that can fail return 0 on success and -1 on failure, with a one-line message
 * ("PATH:LINE: what") in ERR; none of them exits. */
#ifndef UIMAGE_H
#define UIMAGE_H

#include <stddef.h>
#include <stdint.h>

/* The labels of a listing, by address (0 .. UROM_DEPTH - 1). */
struct ulisting {
    unsigned used;      /* words the assembler used ("# N of M words used"), 0 if not stated */
    char (*label)[64];  /* label at each address, "" where none */
    char (*file)[32];   /* at a labelled address: its source file without directory and .uc */
};

/* How ulisting_name names an address. */
enum ulisting_form {
    UL_LABEL,      /* "label" or "label+N" */
    UL_FILE_LABEL, /* "file.label" or "file.label+N" */
    UL_FILE,       /* "file" */
};

/* A microword's fields (the layout of evd_ucode.h's UF_*_SHIFT and UF_*_WIDTH). */
struct uword {
    unsigned op, alu, rd, ra, rb, bimm, imm, size, cond, call, next;
};
struct uword uimage_decode(uint64_t w);

/* Reads image PATH into WORDS (at most MAX); *COUNT = the words read. A word wider than UWORD_W
 * bits, a line that is not hexadecimal, or more than MAX words is an error. */
int uimage_load(const char *path, uint64_t *words, unsigned max, unsigned *count, char *err, size_t errlen);

/* Writes COUNT words to PATH as uasm does ($readmemh text, UWORD_W bits a word), after the
 * comment line "// COMMENT" when COMMENT is not NULL. */
int uimage_write(const char *path, const uint64_t *words, unsigned count, const char *comment, char *err, size_t errlen);

/* Copies image IN to OUT with bit BIT (0 = LSB, below UWORD_W) of word ADDR flipped. */
int uimage_write_flipped(const char *in, const char *out, unsigned addr, unsigned bit, char *err, size_t errlen);

/* OUT = PATH with its extension replaced by EXT (".lst" beside ".hex"); -1 when PATH has no
 * extension or OUT is too short. */
int uimage_sibling(const char *path, const char *ext, char *out, size_t len);

/* Reads listing PATH into L (which ulisting_free releases). */
int ulisting_load(struct ulisting *l, const char *path, char *err, size_t errlen);
void ulisting_free(struct ulisting *l);

/* The nearest labelled address at or below ADDR (0 when there is none). */
unsigned ulisting_label_base(const struct ulisting *l, unsigned addr);

/* The address WHERE names: a number (0x1a, 26), a label, or LABEL+N / NUMBER+N; -1 when it names
 * no label of L or is malformed. */
long ulisting_address(const struct ulisting *l, const char *where);

/* OUT = the name of ADDR in FORM; returns 1, or 0 when no label is at or below ADDR (or ADDR is
 * beyond the ROM), and then OUT = "0x%03llx". */
int ulisting_name(const struct ulisting *l, uint64_t addr, enum ulisting_form form, char *out, size_t len);

#endif
