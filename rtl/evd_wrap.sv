// FPGA measurement wrapper (make synth): the unit behind a few pins. Every input of the unit comes
// from one long shift register fed by sin_i, and every output is folded (XOR) into one registered
// pin, so that nothing is optimized away and the pins do not dominate placement or timing. It is
// not a way to use the unit; its own cost is reported apart (synth/README.md).
module evd_wrap #(
  parameter UcodeFile = "ucode.hex"
) (
  input  logic clk_i,
  input  logic rst_ni,
  input  logic sin_i,
  output logic sout_o
);
  localparam int InW = evd_pkg::CFG_W + 2 + 1 + 64 + 1 + 1 + 8 + 32 + 64 + 1 + 4 + 4 + 32 + 32 + 64 + 1;

  logic [InW-1:0] in_q;
  logic           sout_q;

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) in_q <= '0;
    else         in_q <= {in_q[InW-2:0], sin_i};
  end

  logic        entry_ready, vmcs_req, vmcs_we, mem_req, mem_we, strm_pop, strm_evonly, strm_wait;
  logic        done, done_vmfail, cr2_we, smm;
  logic [15:0] vmcs_field;
  logic [63:0] vmcs_wdata, mem_addr, mem_wdata, cr2;
  logic [1:0]  mem_size;

  evd_top #(.UcodeFile(UcodeFile)) u_unit (
    .clk_i          (clk_i),
    .rst_ni         (rst_ni),
    .cfg_i          (in_q[evd_pkg::CFG_W-1:0]),
    .entry_valid_i  (in_q[evd_pkg::CFG_W]),
    .entry_launch_i (in_q[evd_pkg::CFG_W+1]),
    .entry_ready_o  (entry_ready),
    .vmcs_req_o     (vmcs_req),
    .vmcs_we_o      (vmcs_we),
    .vmcs_field_o   (vmcs_field),
    .vmcs_wdata_o   (vmcs_wdata),
    .vmcs_ack_i     (in_q[evd_pkg::CFG_W+2]),
    .vmcs_rdata_i   (in_q[evd_pkg::CFG_W+3 +: 64]),
    .mem_req_o      (mem_req),
    .mem_we_o       (mem_we),
    .mem_addr_o     (mem_addr),
    .mem_size_o     (mem_size),
    .mem_wdata_o    (mem_wdata),
    .mem_ack_i      (in_q[evd_pkg::CFG_W+67]),
    .mem_fault_i    (in_q[evd_pkg::CFG_W+68]),
    .mem_fvec_i     (in_q[evd_pkg::CFG_W+69 +: 8]),
    .mem_fec_i      (in_q[evd_pkg::CFG_W+77 +: 32]),
    .mem_rdata_i    (in_q[evd_pkg::CFG_W+109 +: 64]),
    .strm_valid_i   (in_q[evd_pkg::CFG_W+173]),
    .strm_kind_i    (in_q[evd_pkg::CFG_W+174 +: 4]),
    .strm_len_i     (in_q[evd_pkg::CFG_W+178 +: 4]),
    .strm_arg_i     (in_q[evd_pkg::CFG_W+182 +: 32]),
    .strm_ec_i      (in_q[evd_pkg::CFG_W+214 +: 32]),
    .strm_addr_i    (in_q[evd_pkg::CFG_W+246 +: 64]),
    .strm_last_i    (in_q[evd_pkg::CFG_W+310]),
    .strm_pop_o     (strm_pop),
    .strm_evonly_o  (strm_evonly),
    .strm_wait_o    (strm_wait),
    .done_o         (done),
    .done_vmfail_o  (done_vmfail),
    .cr2_we_o       (cr2_we),
    .cr2_o          (cr2),
    .smm_o          (smm)
  );

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) sout_q <= 1'b0;
    else sout_q <= ^{entry_ready, vmcs_req, vmcs_we, vmcs_field, vmcs_wdata, mem_req, mem_we, mem_addr,
                     mem_size, mem_wdata, strm_pop, strm_evonly, strm_wait, done, done_vmfail, cr2_we, cr2,
                     smm};
  end
  assign sout_o = sout_q;
endmodule
