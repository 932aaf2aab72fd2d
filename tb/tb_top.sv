// Simulation top: a clock, the unit, and one DPI call per cycle into the C testbench, which
// holds the VMCS image, guest memory and guest stream and checks the unit against the golden
// model. All the unit's outputs are functions of its state, so the C side samples them after the
// falling edge and answers before the rising edge.
module tb_top;
`include "evd_dpi.svh"

  logic clk;
  initial begin
    clk = 1'b0;
    forever #5 clk = ~clk;
  end

  // ROM image: the C side names it (--ucode), so a new microcode needs no new simulator. (A
  // post-synthesis netlist, EVD_NETLIST, has its image built in and no internals to reach.)
`ifndef EVD_NETLIST
  initial begin
    string path;
    #1;
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
  int test_no = 0, test_cycle = 0, ucode_label = 0, finish_req = 0;

  // Inputs of the unit, as C drives them.
  int     rst_n = 0, cfg = 0, entry_valid = 0, entry_launch = 0;
  int     vmcs_ack = 0, mem_ack = 0, mem_fault = 0, mem_fvec = 0, mem_fec = 0;
  int     strm_valid = 0, strm_kind = 0, strm_len = 0, strm_arg = 0, strm_ec = 0, strm_last = 0;
  longint vmcs_rdata = 0, mem_rdata = 0, strm_addr = 0;

  // Outputs of the unit.
  logic                        entry_ready, vmcs_req, vmcs_we, mem_req, mem_we;
  logic [15:0]                 vmcs_field;
  logic [63:0]                 vmcs_wdata, mem_addr, mem_wdata, cr2;
  logic [1:0]                  mem_size;
  logic                        strm_pop, strm_evonly, strm_wait, done, done_vmfail, cr2_we, smm;
  logic [evd_pkg::UADDR_W-1:0] upc;
  logic                        uexec;

  evd_top u_dut (
    .clk_i          (clk),
    .rst_ni         (rst_n[0]),
    .cfg_i          (cfg[evd_pkg::CFG_W-1:0]),
    .entry_valid_i  (entry_valid[0]),
    .entry_launch_i (entry_launch[0]),
    .entry_ready_o  (entry_ready),
    .vmcs_req_o     (vmcs_req),
    .vmcs_we_o      (vmcs_we),
    .vmcs_field_o   (vmcs_field),
    .vmcs_wdata_o   (vmcs_wdata),
    .vmcs_ack_i     (vmcs_ack[0]),
    .vmcs_rdata_i   (vmcs_rdata),
    .mem_req_o      (mem_req),
    .mem_we_o       (mem_we),
    .mem_addr_o     (mem_addr),
    .mem_size_o     (mem_size),
    .mem_wdata_o    (mem_wdata),
    .mem_ack_i      (mem_ack[0]),
    .mem_fault_i    (mem_fault[0]),
    .mem_fvec_i     (mem_fvec[7:0]),
    .mem_fec_i      (mem_fec),
    .mem_rdata_i    (mem_rdata),
    .strm_valid_i   (strm_valid[0]),
    .strm_kind_i    (strm_kind[3:0]),
    .strm_len_i     (strm_len[3:0]),
    .strm_arg_i     (strm_arg),
    .strm_ec_i      (strm_ec),
    .strm_addr_i    (strm_addr),
    .strm_last_i    (strm_last[0]),
    .strm_pop_o     (strm_pop),
    .strm_evonly_o  (strm_evonly),
    .strm_wait_o    (strm_wait),
    .done_o         (done),
    .done_vmfail_o  (done_vmfail),
    .cr2_we_o       (cr2_we),
    .cr2_o          (cr2),
    .smm_o          (smm),
    .trace_upc_o    (upc),
    .trace_exec_o   (uexec)
  );

  // One time unit after the falling edge, when the register file has been read (evd_dp) and every
  // output of the unit has settled; the inputs it sets are sampled by the next rising edge.
  always @(negedge clk) begin
    #1;
    c_dpi_cycle({31'd0, entry_ready}, {31'd0, vmcs_req}, {31'd0, vmcs_we}, {16'd0, vmcs_field},
                vmcs_wdata, {31'd0, mem_req}, {31'd0, mem_we}, mem_addr, {30'd0, mem_size},
                mem_wdata, {31'd0, strm_pop}, {31'd0, strm_evonly}, {31'd0, strm_wait},
                {31'd0, done}, {31'd0, done_vmfail}, {31'd0, cr2_we}, cr2, {31'd0, smm},
                uexec ? {{(32-evd_pkg::UADDR_W){1'b0}}, upc} : -1,
                rst_n, cfg, entry_valid, entry_launch, vmcs_ack, vmcs_rdata, mem_ack, mem_fault,
                mem_fvec, mem_fec, mem_rdata, strm_valid, strm_kind, strm_len, strm_arg, strm_ec,
                strm_addr, strm_last, test_no, test_cycle, ucode_label, finish_req);
    if (finish_req != 0) $finish;
  end
endmodule
