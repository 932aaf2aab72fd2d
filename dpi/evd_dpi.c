/* The DPI glue: each import of dpi/evd_dpi.svh in a few lines, between Verilator's argument types
 * and the testbench's structs (evd_tb.h, evd_ports.h). Compiled against the generated
 * Vtb_top__Dpi.h, so a prototype that drifts from the SV declarations is a compile error. */
#include "Vtb_top__Dpi.h"
#include "evd_tb.h"

const char *c_dpi_ucode_path(void) { return tb_ucode_path(); }

const char *c_dpi_wave_path(void) { return tb_wave_path(); }

void c_dpi_cycle(const svBitVecVal *entry_rsp, const svBitVecVal *vmcs_req, const svBitVecVal *mem_req,
                 const svBitVecVal *strm_ctl, const svBitVecVal *side, const svBitVecVal *trace,
                 svBitVecVal *entry_req, svBitVecVal *vmcs_rsp, svBitVecVal *mem_rsp, svBitVecVal *strm_item,
                 int *rst_n, int *cfg, int *test_no, int *test_cycle, int *ucode_label, int *finish_req)
{
    struct evd_unit_out o;
    struct evd_unit_in in = {0};
    struct tb_ctl ctl = {0};
    evd_unit_out_unpack(&o, entry_rsp, vmcs_req, mem_req, strm_ctl, side, trace);
    tb_cycle(&o, &in, &ctl);
    evd_unit_in_pack(&in, entry_req, vmcs_rsp, mem_rsp, strm_item);
    *rst_n = ctl.rst_n, *cfg = ctl.cfg, *test_no = ctl.test_no, *test_cycle = ctl.test_cycle;
    *ucode_label = ctl.ucode_label, *finish_req = ctl.finish_req;
}
