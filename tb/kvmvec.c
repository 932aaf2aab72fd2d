/* kvmvec.c: a dump of KVM's dump_vmcs() (read by kvmdump.c) written as a test of the vector
 * format: a `vmcs` line for each field the dump gives, an `enter`, and a comment that names the
 * dump and lists the dump lines that give no input of the format. */
#include <inttypes.h>

#include "kvmdump.h"
#include "vmentry.h"

void kvmdump_write_vec(FILE *out, const struct kvmdump *d, const char *dump_name, const char *test, int expect_exit)
{
    fprintf(out, "# %s: written by build/kvm2vec from %s, the output of KVM's dump_vmcs()\n", test, dump_name);
    fprintf(out, "# (the dump's Guest State section begins at line %u).\n", d->guest_line);
    if (d->has_reason)
        fprintf(out, "# The dump's VM-exit reason: 0x%" PRIx32 " (line %u).\n", d->reason, d->reason_line);
    fprintf(out, "# Fields the dump does not give keep the baseline of vector-format.md. Guest memory is not in\n"
                 "# a dump: the baseline's IDT gates, GDT and TSS are written at the dump's IDTR, GDTR and TR.\n");
    if (d->nunused) {
        fprintf(out, "# Dump lines not used:\n");
        for (size_t i = 0; i < d->nunused; i++)
            fprintf(out, "#   line %u: %s  (%s)\n", d->unused[i].line, d->unused[i].text, d->unused[i].why);
    }
    fprintf(out, "test %s\n", test);
    for (size_t i = 0; i < d->nfields; i++)
        fprintf(out, "  vmcs %-30s 0x%-16" PRIx64 "  # line %u\n", vme_vmcs_field_name(d->fields[i].enc),
                d->fields[i].value, d->fields[i].line);
    fprintf(out, "  enter\n");
    if (expect_exit && d->has_reason) fprintf(out, "  expect exit 0x%" PRIx32 "\n", d->reason);
    fprintf(out, "end\n");
}
