// Simulation top: a clock, the unit, and one DPI call per cycle into the C testbench, which
// holds the VMCS image, guest memory and guest stream and checks the unit against the golden
// model. All the unit's outputs are functions of its state, so the C side samples them after the
// falling edge and answers before the rising edge.
module tb_top (
  // Nothing drives it (0). Verilator evaluates the logic that reads a top-level input at the
  // start of every eval() (its "ico" region), which is what makes the clock below follow time.
  input bit eval_i
);
`include "evd_dpi.svh"

  // No --timing: Verilator's generated main (--main) calls eval() and advances time by one step
  // of precision, over and over until $finish, so each eval() is one clock edge: rising at odd
  // times, falling at even ones. The step is one unit of $time because the Makefile gives
  // --timescale 1ns/1ns (a cycle is 2 ns).
  logic clk;
  always_comb clk = eval_i ^ ($time % 2 != 0);

  // ROM image: the C side names it (--ucode), so a new microcode needs no new simulator. (A
  // post-synthesis netlist, EVD_NETLIST, has its image built in and no internals to reach.)
`ifndef EVD_NETLIST
  initial begin
    string path;
    path = c_dpi_ucode_path();
    $readmemh(path, u_dut.u_urom.mem);
  end
`endif

  // Waveform (--wave FILE.fst): everything below tb_top, from the start of the run.
  initial begin
    string wave;
    wave = c_dpi_wave_path();
    if (wave != "") begin
      $dumpfile(wave);
      $dumpvars(0, tb_top);
    end
  end

  // Named views of the datapath registers, for the waveform (tb/vmentry.gtkw.in).
`ifndef EVD_NETLIST
  wire [63:0] reg_rip    = u_dut.u_dp.rf_a_q[evd_pkg::REG_RIP];
  wire [63:0] reg_rsp    = u_dut.u_dp.rf_a_q[evd_pkg::REG_RSP];
  wire [63:0] reg_rflags = u_dut.u_dp.rf_a_q[evd_pkg::REG_RFLAGS];
  wire [63:0] reg_cssel  = u_dut.u_dp.rf_a_q[evd_pkg::REG_CSSEL];
  wire [63:0] reg_act    = u_dut.u_dp.rf_a_q[evd_pkg::REG_ACT];
  wire [63:0] reg_istate = u_dut.u_dp.rf_a_q[evd_pkg::REG_ISTATE];
  wire [63:0] reg_sf     = u_dut.u_dp.rf_a_q[evd_pkg::REG_SF];
  wire [63:0] reg_evinfo = u_dut.u_dp.rf_a_q[evd_pkg::REG_EVINFO];
  wire [63:0] reg_evec   = u_dut.u_dp.rf_a_q[evd_pkg::REG_EVEC];
  wire [63:0] reg_evrip  = u_dut.u_dp.rf_a_q[evd_pkg::REG_EVRIP];
  wire [63:0] reg_finfo  = u_dut.u_dp.rf_a_q[evd_pkg::REG_FINFO];
  wire [63:0] reg_reason = u_dut.u_dp.rf_a_q[evd_pkg::REG_REASON];
  wire [63:0] reg_xinfo  = u_dut.u_dp.rf_a_q[evd_pkg::REG_XINFO];
  wire [63:0] reg_idtinfo = u_dut.u_dp.rf_a_q[evd_pkg::REG_IDTINFO];
  wire [63:0] reg_qual   = u_dut.u_dp.rf_a_q[evd_pkg::REG_QUAL];
`endif
  int test_no = 0, test_cycle = 0, ucode_label = 0;

  // The unit's ports, one packed group each (evd_pkg, from the port rows of
  // microcode/encodings.tbl); C drives the input groups, reset and the config straps.
  int                  rst_n = 0, cfg = 0;
  evd_pkg::entry_req_t entry_req = '0;
  evd_pkg::vmcs_rsp_t  vmcs_rsp = '0;
  evd_pkg::mem_rsp_t   mem_rsp = '0;
  evd_pkg::strm_item_t strm_item = '0;
  evd_pkg::entry_rsp_t entry_rsp;
  evd_pkg::vmcs_req_t  vmcs_req;
  evd_pkg::mem_req_t   mem_req;
  evd_pkg::strm_ctl_t  strm_ctl;
  evd_pkg::side_t      side;
  evd_pkg::trace_t     trace;

  // The VMCS port as one value for the waveform, {req, we, field} during an access and 0 between
  // accesses: the save file shows it through the gtkw-vmcs filter (tb/wavefilter.c) as
  // "rd GUEST_RIP" or "wr VM_EXIT_REASON", and "-" between accesses.
  wire [17:0] vmcs_access = vmcs_req.req ? {1'b1, vmcs_req.we, vmcs_req.field} : 18'd0;

  evd_top u_dut (
    .clk_i       (clk),
    .rst_ni      (rst_n[0]),
    .cfg_i       (cfg[evd_pkg::CFG_W-1:0]),
    .entry_req_i (entry_req),
    .entry_rsp_o (entry_rsp),
    .vmcs_req_o  (vmcs_req),
    .vmcs_rsp_i  (vmcs_rsp),
    .mem_req_o   (mem_req),
    .mem_rsp_i   (mem_rsp),
    .strm_item_i (strm_item),
    .strm_ctl_o  (strm_ctl),
    .side_o      (side),
    .trace_o     (trace)
  );

  // Once per cycle, in the falling edge's eval(): the unit has nothing on the falling edge, so its
  // outputs are those the rising edge settled. The inputs the call sets settle in the same eval()
  // and are sampled by the next rising edge. The C side sees only the ports: the output groups and
  // the trace port go in, the input groups come out. When the C side asks for the end, $finish
  // ends the generated main, and the model's destructor closes the FST file.
  int finish_req = 0;
  always @(negedge clk) begin
    c_dpi_cycle(entry_rsp, vmcs_req, mem_req, strm_ctl, side, trace,
                entry_req, vmcs_rsp, mem_rsp, strm_item,
                rst_n, cfg, test_no, test_cycle, ucode_label, finish_req);
    if (finish_req != 0) $finish;
  end

  // A check of the microcode as it runs, on the unit's internals: a rule the image must keep that
  // the lockstep check cannot see when a word breaks it without changing a result (a flipped or
  // mutated ROM; make flips), failing as an RTL assertion does. Where a run ends (done) or the
  // guest idles (swait), SF_TIMER (sf bit 8, microcode/consts.inc) means what it says, the
  // VMX-preemption timer at 0 (tmr bits 31:0, A3); a flag set otherwise would be a timer exit
  // due before its time. (Not at every cycle: sf and tmr hold X-initial values until reset's words
  // have run.)
`ifndef EVD_NETLIST
`include "evd_assert.svh"
  wire [63:0] reg_tmr = u_dut.u_dp.rf_a_q[evd_pkg::REG_TMR];
  wire run_end = u_dut.x_exec &&
                 (u_dut.x_word.op == evd_pkg::OpDone || u_dut.x_word.op == evd_pkg::OpSwait);
  `EVD_ASSERT(TimerFlagMeansZero, !run_end || !reg_sf[8] || reg_tmr[31:0] == 32'd0, clk, rst_n[0])
`endif
endmodule
