/* The C side of the DPI contract (dpi/evd_dpi.svh): the testbench's entry points that the thin
 * glue in dpi/evd_dpi.c calls. The unit's ports arrive and leave as the generated port-group
 * structs (evd_ports.h); the testbench (tb/) implements these, nothing here knows how. */
#ifndef EVD_TB_H
#define EVD_TB_H

#include "evd_ports.h"

/* What the testbench drives besides the unit's port groups. */
struct tb_ctl {
    int rst_n;       /* the unit's reset, active low */
    int cfg;         /* the configuration straps (evd_arch.h CFG_* bits) */
    int test_no;     /* for the waveform: the test being run (its index in the run, from 1) */
    int test_cycle;  /* ... and its cycle */
    int ucode_label; /* ... the address of the label the microcode word belongs to */
    int finish_req;  /* 1 when every test has run and the waveform is to be closed (tb_top calls $finish) */
};

/* The microcode address the unit executes this cycle (its trace port), or -1 when none. */
static inline int tb_upc(const struct evd_unit_out *o) { return o->trace.exec ? (int)o->trace.upc : -1; }

/* The microcode image the ROM loads. */
const char *tb_ucode_path(void);
/* The FST file to trace into, or "". */
const char *tb_wave_path(void);
/* One cycle: serve and check what the unit shows in O; set its inputs in IN (all 0 on entry,
 * as Verilator hands the DPI outputs over) and the rest in CTL. */
void tb_cycle(const struct evd_unit_out *o, struct evd_unit_in *in, struct tb_ctl *ctl);

#endif
