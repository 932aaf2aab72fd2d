// The DPI contract between the SystemVerilog testbench (tb/tb_top.sv) and the C testbench
// (tb/sim.c). The C side is compiled as C11 against the generated Vtb_top__Dpi.h, so a prototype
// that drifts from these declarations is a compile error.
`ifndef EVD_DPI_SVH
`define EVD_DPI_SVH

// The microcode image the ROM runs (--ucode, or the one the build assembled).
import "DPI-C" function string c_dpi_ucode_path();

// The FST file to trace into (--wave), or "" for no tracing.
import "DPI-C" function string c_dpi_wave_path();

// Called once per cycle, on the falling clock edge: the C testbench sees what the unit drives in
// this cycle, serves its port requests, checks each transaction against the golden model, and
// sets the unit's inputs for the rising edge that ends the cycle. Not context: it calls no
// export, and it ends the process itself (exit status) when every test has run.
import "DPI-C" function void c_dpi_cycle(
  // from the unit
  input  int      entry_ready,
  input  int      vmcs_req,
  input  int      vmcs_we,
  input  int      vmcs_field,
  input  longint  vmcs_wdata,
  input  int      mem_req,
  input  int      mem_we,
  input  longint  mem_addr,
  input  int      mem_size,
  input  longint  mem_wdata,
  input  int      strm_pop,
  input  int      strm_evonly,
  input  int      strm_wait,
  input  int      done,
  input  int      done_vmfail,
  input  int      cr2_we,
  input  longint  cr2,
  input  int      smm,
  input  int      upc,
  // to the unit
  output int      rst_n,
  output int      cfg,
  output int      entry_valid,
  output int      entry_launch,
  output int      vmcs_ack,
  output longint  vmcs_rdata,
  output int      mem_ack,
  output int      mem_fault,
  output int      mem_fvec,
  output int      mem_fec,
  output longint  mem_rdata,
  output int      strm_valid,
  output int      strm_kind,
  output int      strm_len,
  output int      strm_arg,
  output int      strm_ec,
  output longint  strm_addr,
  output int      strm_last,
  // for the waveform: the test being run (its index in the run, from 1) and its cycle
  output int      test_no,
  output int      test_cycle,
  // for the waveform: the address of the label the microcode word belongs to (readable as a name)
  output int      ucode_label,
  // 1 when every test has run and the waveform is to be closed ($finish)
  output int      finish_req
);

`endif
