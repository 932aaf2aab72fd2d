/* The VMCS field table (vmentry.h): names, encodings and widths, from dpi/evd_arch.h's
 * EVD_VMCS_FIELDS (generated from microcode/encodings.tbl). */
#include <stdint.h>
#include <string.h>

#include "evd_arch.h"
#include "vmentry.h"

struct field {
    const char *name;
    const char *high_name; /* only meaningful when the field has a high half */
    uint16_t enc;
};

#define X(name, enc) {#name, #name "_HIGH", enc},
static const struct field fields[] = {EVD_VMCS_FIELDS(X)};
#undef X

#define NFIELDS (sizeof fields / sizeof fields[0])

/* Only 64-bit fields (bits 14:13 == 1) have an upper half of their own; natural-width fields
 * (bits 14:13 == 3) are 64 bits wide too but have no _HIGH access. */
static int has_high(uint16_t enc) { return ((enc >> 13) & 3) == 1; }

static const struct field *find_enc(uint16_t enc)
{
    for (size_t i = 0; i < NFIELDS; i++)
        if (fields[i].enc == enc) return &fields[i];
    return NULL;
}

/* The full field whose upper half is ENC, or NULL. */
static const struct field *find_high(uint16_t enc)
{
    if ((enc & 1) == 0) return NULL;
    const struct field *f = find_enc((uint16_t)(enc - 1));
    return f && has_high(f->enc) ? f : NULL;
}

int vme_vmcs_field_by_name(const char *name, uint16_t *enc)
{
    for (size_t i = 0; i < NFIELDS; i++) {
        if (strcmp(name, fields[i].name) == 0) {
            *enc = fields[i].enc;
            return 0;
        }
        if (has_high(fields[i].enc) && strcmp(name, fields[i].high_name) == 0) {
            *enc = (uint16_t)(fields[i].enc + 1);
            return 0;
        }
    }
    return -1;
}

int vme_vmcs_field_width(uint16_t enc)
{
    if (find_enc(enc)) return EVD_VMCS_WIDTH(enc);
    return find_high(enc) ? 32 : 0;
}

const char *vme_vmcs_field_name(uint16_t enc)
{
    const struct field *f = find_enc(enc);
    if (f) return f->name;
    f = find_high(enc);
    return f ? f->high_name : NULL;
}

size_t vme_vmcs_field_count(void) { return NFIELDS; }

uint16_t vme_vmcs_field_at(size_t i) { return i < NFIELDS ? fields[i].enc : 0; }
