/* ustack: the return stack's bounds on every path of the microcode, from the ROM image and its
 * listing. Walks every path from the reset address 0 with the stack's depth: a call pushes, a ret
 * returns to any address a call pushed one level down, an ewait empties the stack; every branch
 * goes both ways (the data is not known here) and a dispatch to any entry of its table (the words
 * from the table's label up to the next label, sixteen at most). Checks:
 *  - no ret runs with the stack empty, no call with three entries in use, no done or swait with
 *    an entry in use (evd_seq's ReturnStackNoUnderflow, ReturnStackNoOverflow, RunEndsOutsideCalls);
 *  - the rules make formal's proof of the path taken assumes of any ROM, in every word of the
 *    image (the proof assumes them of each word fetched, ahead of the path too): a call only with
 *    goto, a dispatch only after mov and on a read-only source, no call or ret on an ewait. With
 *    that proof (the hardware executes the flow's path and its return stack is the flow's) the
 *    bounds found here are the RTL's;
 *  - a dispatch's table has sixteen entries, one for each value of its source (the stream item's
 *    kind): the walk assumes nothing of the data;
 *  - no path reaches an illegal word (evd_top's LegalOp, for every input with the proof above);
 *  - every word the image uses is reached (none is dead).
 *
 *   ustack IMAGE LISTING      exit 0: in bounds; 1: not; 2: bad input */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "evd_ucode.h"
#include "uimage.h"

#define DEPTHS 4 /* the return stack's entries */

static uint64_t words[UROM_DEPTH];
static unsigned reached[UROM_DEPTH];               /* bit D: the word executes at depth D */
static unsigned char ret_site[DEPTHS][UROM_DEPTH]; /* a call at depth D returns here (at depth D) */
static struct ulisting listing;

static const char *name_of(unsigned a)
{
    static char buf[96];
    ulisting_name(&listing, a, UL_LABEL, buf, sizeof buf); /* "0x..." where no label is */
    return buf;
}

/* The entries of the dispatch table at address T: up to the next label, sixteen at most. */
static unsigned table_size(unsigned t)
{
    unsigned n = 1;
    while (n < 16 && !listing.label[(t + n) % UROM_DEPTH][0]) n++;
    return n;
}

static int changed;
static void reach(unsigned a, unsigned d)
{
    a %= UROM_DEPTH;
    if (!(reached[a] & (1u << d))) {
        reached[a] |= 1u << d;
        changed = 1;
    }
}

int main(int argc, char **argv)
{
    char err[256];
    unsigned count;
    if (argc != 3) {
        fprintf(stderr, "usage: ustack IMAGE LISTING\n");
        return 2;
    }
    if (uimage_load(argv[1], words, UROM_DEPTH, &count, err, sizeof err) ||
        ulisting_load(&listing, argv[2], err, sizeof err)) {
        fprintf(stderr, "ustack: %s\n", err);
        return 2;
    }

    int bad = 0;
    reached[0] = 1; /* reset: address 0, an empty stack */
    do {
        changed = 0;
        for (unsigned a = 0; a < count; a++) {
            for (unsigned d = 0; d < DEPTHS; d++) {
                if (!(reached[a] & (1u << d))) continue;
                const struct uword u = uimage_decode(words[a]);
                const unsigned op = u.op, cond = u.cond, next = u.next, call = u.call;
                if (op >= UOP_COUNT) continue; /* an illegal word: refused below */
                unsigned after = op == UOP_EWAIT ? 0 : d; /* the depth its successors start at */
                if (call) {
                    if (d + 1 >= DEPTHS) continue; /* reported below */
                    if (!ret_site[d][(a + 1) % UROM_DEPTH]) {
                        ret_site[d][(a + 1) % UROM_DEPTH] = 1;
                        changed = 1;
                    }
                    reach(next, d + 1);
                    continue;
                }
                switch (cond) {
                case UCOND_ALWAYS: reach(next, after); break;
                case UCOND_RET:
                    if (d == 0) break; /* reported below */
                    for (unsigned r = 0; r < UROM_DEPTH; r++)
                        if (ret_site[d - 1][r]) reach(r, d - 1);
                    break;
                case UCOND_DISP:
                    for (unsigned i = 0; i < table_size(next); i++) reach(next + i, after);
                    break;
                case UCOND_Z: case UCOND_NZ: case UCOND_ZT: case UCOND_NZT: case UCOND_SVALID:
                case UCOND_SEMPTY: case UCOND_FAULT: case UCOND_NOFAULT:
                    reach(next, after);
                    reach(a + 1, after);
                    break;
                default: reach(a + 1, after); break;
                }
            }
        }
    } while (changed);

    unsigned used = 0, deepest = 0;
    for (unsigned a = 0; a < UROM_DEPTH; a++) {
        const struct uword u = uimage_decode(words[a]);
        const unsigned op = u.op, cond = u.cond, call = u.call;
        /* The path proof assumes its rules of every word the ROM gives, fetched ahead or not. */
        if (call && cond != UCOND_ALWAYS) {
            printf("ustack: %s: a call with a condition (calls go with goto only)\n", name_of(a));
            bad = 1;
        }
        if (cond == UCOND_DISP && u.alu != UALU_PASSA) {
            printf("ustack: %s: a dispatch after an ALU function other than mov\n", name_of(a));
            bad = 1;
        }
        if (op == UOP_EWAIT && (call || cond == UCOND_RET)) {
            printf("ustack: %s: a call or ret on an ewait (which empties the stack)\n", name_of(a));
            bad = 1;
        }
        if (cond == UCOND_DISP && u.ra < REG_SRC_FIRST) {
            printf("ustack: %s: a dispatch on a register (evd_seq dispatches on a read-only source only)\n", name_of(a));
            bad = 1;
        }
        if (!reached[a]) continue;
        used++;
        for (unsigned d = 0; d < DEPTHS; d++)
            if (reached[a] & (1u << d) && d > deepest) deepest = d;
        if (op >= UOP_COUNT) {
            printf("ustack: %s: an illegal word on a path from reset\n", name_of(a));
            bad = 1;
        }
        if (cond == UCOND_RET && (reached[a] & 1u)) {
            printf("ustack: %s: a ret with the return stack empty\n", name_of(a));
            bad = 1;
        }
        if ((op == UOP_DONE || op == UOP_SWAIT) && (reached[a] & ~1u)) {
            printf("ustack: %s: a run ends or the guest idles inside a call\n", name_of(a));
            bad = 1;
        }
        if (call && (reached[a] & (1u << (DEPTHS - 1)))) {
            printf("ustack: %s: a call with the return stack's last entry in use\n", name_of(a));
            bad = 1;
        }
        if (cond == UCOND_DISP && table_size(u.next) < 16) {
            printf("ustack: %s: a dispatch into a table of %u entries, not 16\n", name_of(a), table_size(u.next));
            bad = 1;
        }
    }

    /* A used word no path reaches is ROM spent on nothing (a label whose branches the assembler
     * threaded past it, or dead code), and its flips can never be caught. */
    for (unsigned a = 0; a < listing.used; a++)
        if (!reached[a]) {
            printf("ustack: %s: a word no path from reset reaches\n", name_of(a));
            bad = 1;
        }
    printf("ustack: %u words reachable from reset, return stack at most %u deep%s\n",
           used, deepest, bad ? "; refused (above)" : "");
    ulisting_free(&listing);
    return bad;
}
