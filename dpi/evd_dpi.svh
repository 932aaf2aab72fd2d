// The DPI contract between the SystemVerilog testbench (tb/tb_top.sv) and the C testbench
// (tb/runner.c, through the glue in dpi/evd_dpi.c). The C side is compiled as C11 against the
// generated Vtb_top__Dpi.h, so a prototype that drifts from these declarations is a compile error.
`ifndef EVD_DPI_SVH
`define EVD_DPI_SVH

// The microcode image the ROM runs (--ucode, or the one the build assembled).
import "DPI-C" function string c_dpi_ucode_path();

// The FST file to trace into (--wave), or "" for no tracing.
import "DPI-C" function string c_dpi_wave_path();

// Called once per cycle, after the falling clock edge: the C testbench sees what the unit drives in
// this cycle, serves its port requests, checks each transaction against the golden model, and
// sets the unit's inputs for the rising edge that ends the cycle. Not context: it calls no
// export, and it ends the process itself (exit status) when every test has run (a traced run:
// tb_top does, on finish_req).
// Each port group is one packed struct of evd_pkg (first field most significant), passed as
// `bit [W-1:0]`; dpi/evd_ports.h (generated from the same table) unpacks and packs them in C.
import "DPI-C" function void c_dpi_cycle(
  // from the unit: its output groups, and the trace port (the microcode word and whether it executes)
  input  bit [evd_pkg::ENTRY_RSP_W-1:0] entry_rsp,
  input  bit [evd_pkg::VMCS_REQ_W-1:0]  vmcs_req,
  input  bit [evd_pkg::MEM_REQ_W-1:0]   mem_req,
  input  bit [evd_pkg::STRM_CTL_W-1:0]  strm_ctl,
  input  bit [evd_pkg::SIDE_W-1:0]      side,
  input  bit [evd_pkg::TRACE_W-1:0]     trace,
  // to the unit: its input groups
  output bit [evd_pkg::ENTRY_REQ_W-1:0] entry_req,
  output bit [evd_pkg::VMCS_RSP_W-1:0]  vmcs_rsp,
  output bit [evd_pkg::MEM_RSP_W-1:0]   mem_rsp,
  output bit [evd_pkg::STRM_ITEM_W-1:0] strm_item,
  // reset (active low, bit 0) and the configuration straps (evd_pkg::CFG_*)
  output int      rst_n,
  output int      cfg,
  // for the waveform: the test being run (its index in the run, from 1) and its cycle
  output int      test_no,
  output int      test_cycle,
  // for the waveform: the address of the label the microcode word belongs to (readable as a name)
  output int      ucode_label,
  // 1 when every test has run and the waveform is to be closed (tb_top calls $finish)
  output int      finish_req
);

`endif
