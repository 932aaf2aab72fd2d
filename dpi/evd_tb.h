/* The C side of the DPI contract (dpi/evd_dpi.svh): what the unit shows the testbench in a cycle,
 * what the testbench answers, and the testbench's entry points that the thin glue in
 * dpi/evd_dpi.c calls. The testbench (tb/) implements them; nothing here knows how. */
#ifndef EVD_TB_H
#define EVD_TB_H

#include <stdint.h>

/* The unit's outputs in one cycle. */
struct dut_out {
    int entry_ready, vmcs_req, vmcs_we, vmcs_field, mem_req, mem_we, mem_size;
    uint64_t vmcs_wdata, mem_addr, mem_wdata, cr2;
    int strm_pop, strm_evonly, strm_wait, done, done_vmfail, cr2_we, smm;
    int upc; /* the microcode address executing, or -1 (trace port) */
};

/* The unit's inputs, as the testbench drives them for the next rising edge. They hold their
 * values from one cycle to the next unless the testbench changes them. */
struct dut_in {
    int rst_n, cfg, entry_valid, entry_launch;
    int vmcs_ack, mem_ack, mem_fault, mem_fvec, mem_fec;
    uint64_t vmcs_rdata, mem_rdata;
    int strm_valid, strm_kind, strm_len, strm_arg, strm_ec, strm_last;
    uint64_t strm_addr;
};

/* For the waveform and the end of the simulation. */
struct tb_view {
    int test_no;     /* the test being run (its index in the run, from 1) */
    int test_cycle;  /* its cycle */
    int ucode_label; /* the address of the label the microcode word belongs to */
    int finish_req;  /* 1 when every test has run and the waveform is to be closed ($finish) */
};

/* The microcode image the ROM loads. */
const char *tb_ucode_path(void);
/* The FST file to trace into, or "". */
const char *tb_wave_path(void);
/* One cycle: serve and check what the unit shows in O, set its inputs in IN and the view. */
void tb_cycle(const struct dut_out *o, struct dut_in *in, struct tb_view *view);

#endif
