/* The DPI glue: each import of dpi/evd_dpi.svh in a few lines, between Verilator's argument
 * types and the testbench's structs (evd_tb.h). Compiled against the generated Vtb_top__Dpi.h,
 * so a prototype that drifts from the SV declarations is a compile error. */
#include "Vtb_top__Dpi.h"
#include "evd_tb.h"

const char *c_dpi_ucode_path(void) { return tb_ucode_path(); }

const char *c_dpi_wave_path(void) { return tb_wave_path(); }

void c_dpi_cycle(int entry_ready, int vmcs_req, int vmcs_we, int vmcs_field, long long vmcs_wdata, int mem_req,
                 int mem_we, long long mem_addr, int mem_size, long long mem_wdata, int strm_pop, int strm_evonly,
                 int strm_wait, int done, int done_vmfail, int cr2_we, long long cr2, int smm, int upc, int *rst_n, int *cfg,
                 int *entry_valid, int *entry_launch, int *vmcs_ack, long long *vmcs_rdata, int *mem_ack,
                 int *mem_fault, int *mem_fvec, int *mem_fec, long long *mem_rdata, int *strm_valid, int *strm_kind,
                 int *strm_len, int *strm_arg, int *strm_ec, long long *strm_addr, int *strm_last, int *test_no,
                 int *test_cycle, int *ucode_label, int *finish_req)
{
    static struct dut_in in; /* the unit's inputs hold their values between cycles */
    static struct tb_view view;
    const struct dut_out o = {entry_ready, vmcs_req, vmcs_we, vmcs_field, mem_req, mem_we, mem_size,
                              (uint64_t)vmcs_wdata, (uint64_t)mem_addr, (uint64_t)mem_wdata, (uint64_t)cr2,
                              strm_pop, strm_evonly, strm_wait, done, done_vmfail, cr2_we, smm, upc};
    tb_cycle(&o, &in, &view);
    *rst_n = in.rst_n, *cfg = in.cfg, *entry_valid = in.entry_valid, *entry_launch = in.entry_launch;
    *vmcs_ack = in.vmcs_ack, *vmcs_rdata = (long long)in.vmcs_rdata;
    *mem_ack = in.mem_ack, *mem_fault = in.mem_fault, *mem_fvec = in.mem_fvec, *mem_fec = in.mem_fec;
    *mem_rdata = (long long)in.mem_rdata;
    *strm_valid = in.strm_valid, *strm_kind = in.strm_kind, *strm_len = in.strm_len, *strm_arg = in.strm_arg;
    *strm_ec = in.strm_ec, *strm_addr = (long long)in.strm_addr, *strm_last = in.strm_last;
    *test_no = view.test_no, *test_cycle = view.test_cycle, *ucode_label = view.ucode_label;
    *finish_req = view.finish_req;
}
