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
  // The port groups' widths come from evd_pkg (microcode/encodings.tbl).
  localparam int InW = evd_pkg::CFG_W + evd_pkg::ENTRY_REQ_W + evd_pkg::VMCS_RSP_W + evd_pkg::MEM_RSP_W +
                       evd_pkg::STRM_ITEM_W;

  logic [InW-1:0] in_q;
  logic           sout_q;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) in_q <= '0;
    else         in_q <= {in_q[InW-2:0], sin_i};
  end

  logic [evd_pkg::CFG_W-1:0] cfg;
  evd_pkg::entry_req_t       entry_req;
  evd_pkg::entry_rsp_t       entry_rsp;
  evd_pkg::vmcs_req_t        vmcs_req;
  evd_pkg::vmcs_rsp_t        vmcs_rsp;
  evd_pkg::mem_req_t         mem_req;
  evd_pkg::mem_rsp_t         mem_rsp;
  evd_pkg::strm_item_t       strm_item;
  evd_pkg::strm_ctl_t        strm_ctl;
  evd_pkg::side_t            side;

  assign {cfg, entry_req, vmcs_rsp, mem_rsp, strm_item} = in_q;

  evd_top #(.UcodeFile(UcodeFile)) u_unit (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .cfg_i       (cfg),
    .entry_req_i (entry_req),
    .entry_rsp_o (entry_rsp),
    .vmcs_req_o  (vmcs_req),
    .vmcs_rsp_i  (vmcs_rsp),
    .mem_req_o   (mem_req),
    .mem_rsp_i   (mem_rsp),
    .strm_item_i (strm_item),
    .strm_ctl_o  (strm_ctl),
    .side_o      (side)
  );

  always_ff @(posedge clk_i) begin
    if (!rst_ni) sout_q <= 1'b0;
    else         sout_q <= ^{entry_rsp, vmcs_req, mem_req, strm_ctl, side};
  end
  assign sout_o = sout_q;
endmodule
