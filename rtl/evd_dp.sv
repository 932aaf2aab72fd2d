// Datapath: 64-bit registers below evd_pkg::REG_SRC_FIRST (register 0 reads as zero), the operand
// multiplexers with the read-only sources (REG_SRC_FIRST..63: configuration straps with the entry
// request, the stream item on the stream port, the last memory fault), and the ALU, which computes
// in every word. The VMX-preemption timer and the TSC are one register of the file (tmr): the
// microcode loads, counts down and saves them with the ALU (rtl/README.md says why).
module evd_dp (
  input  logic                    clk_i,
  input  evd_pkg::uinstr_t        uinstr_i,
  input  logic                    wr_en_i,      // write rd this cycle
  input  logic                    wr_port_i,    // the written value is port_rdata_i, not the ALU's
  input  logic [63:0]             port_rdata_i,
  input  logic [63:0]             src_cfg_i,    // read-only sources
  input  logic [63:0]             src_skind_i,
  input  logic [63:0]             src_slen_i,
  input  logic [63:0]             src_sarg_i,
  input  logic [63:0]             src_sec_i,
  input  logic [63:0]             src_saddr_i,
  input  logic [63:0]             src_slast_i,
  input  logic [63:0]             src_mfvec_i,
  input  logic [63:0]             src_mfec_i,
  input  logic [63:0]             src_mfaddr_i,
  output logic [63:0]             opa_o,
  output logic [63:0]             opb_reg_o,    // register rb, whatever bimm says
  output logic [3:0]              alu_low_o,    // for dispatch tables
  output logic                    alu_zero_o
);
  // Register file in block RAM: two copies, one per read port, both written on the rising edge and
  // read on the falling edge with the word's ra/rb, so that a word still reads its operands (and
  // sees the previous word's write) within its own cycle. Block RAM reads are synchronous; this
  // keeps the microcode's one-word-per-cycle semantics at the price of a half-cycle path.
  logic [63:0] rf_a_q [64];
  logic [63:0] rf_b_q [64];
  logic [63:0] rf_a_rd_q, rf_b_rd_q;
  logic [63:0] opb, opb_reg, alu_res;
  logic [5:0]  shamt;
  logic [3:0]  fwidth;

  function automatic logic [63:0] src(input logic [5:0] idx, input logic [63:0] rf_val,
                                      input logic [63:0] cfg, input logic [63:0] skind,
                                      input logic [63:0] slen,
                                      input logic [63:0] sarg, input logic [63:0] sec,
                                      input logic [63:0] saddr, input logic [63:0] slast,
                                      input logic [63:0] mfvec,
                                      input logic [63:0] mfec, input logic [63:0] mfaddr);
    src = 64'd0;
    unique case (idx)
      evd_pkg::REG_CFG:    src = cfg;
      evd_pkg::REG_SKIND:  src = skind;
      evd_pkg::REG_SLEN:   src = slen;
      evd_pkg::REG_SARG:   src = sarg;
      evd_pkg::REG_SEC:    src = sec;
      evd_pkg::REG_SADDR:  src = saddr;
      evd_pkg::REG_SLAST:  src = slast;
      evd_pkg::REG_MFVEC:  src = mfvec;
      evd_pkg::REG_MFEC:   src = mfec;
      evd_pkg::REG_MFADDR: src = mfaddr;
      default:             src = (idx >= evd_pkg::REG_SRC_FIRST || idx == 6'd0) ? 64'd0 : rf_val;
    endcase
  endfunction

  always_ff @(negedge clk_i) begin
    rf_a_rd_q <= rf_a_q[uinstr_i.ra];
    rf_b_rd_q <= rf_b_q[uinstr_i.rb];
  end

  assign opa_o = src(uinstr_i.ra, rf_a_rd_q, src_cfg_i, src_skind_i, src_slen_i,
                     src_sarg_i, src_sec_i, src_saddr_i, src_slast_i, src_mfvec_i, src_mfec_i,
                     src_mfaddr_i);
  assign opb_reg = src(uinstr_i.rb, rf_b_rd_q, src_cfg_i, src_skind_i, src_slen_i,
                       src_sarg_i, src_sec_i, src_saddr_i, src_slast_i, src_mfvec_i, src_mfec_i,
                       src_mfaddr_i);
  assign opb  = uinstr_i.bimm ? {48'd0, uinstr_i.imm} : opb_reg;
  assign opb_reg_o = opb_reg;
  assign shamt  = opb[5:0];
  assign fwidth = opb[9:6];

  always_comb begin
    alu_res = 64'd0;
    unique case (uinstr_i.alu)
      evd_pkg::AluAdd:   alu_res = opa_o + opb;
      evd_pkg::AluSub:   alu_res = opa_o - opb;
      evd_pkg::AluAnd:   alu_res = opa_o & opb;
      evd_pkg::AluOr:    alu_res = opa_o | opb;
      evd_pkg::AluXor:   alu_res = opa_o ^ opb;
      evd_pkg::AluAndn:  alu_res = opa_o & ~opb;
      evd_pkg::AluShl:   alu_res = opa_o << shamt;
      evd_pkg::AluShr:   alu_res = opa_o >> shamt;
      evd_pkg::AluBit:   alu_res = {63'd0, opa_o[shamt]};
      evd_pkg::AluField: alu_res = (opa_o >> shamt) & ~(64'hffff_ffff_ffff_ffff << fwidth);
      evd_pkg::AluLio:   alu_res = {opa_o[47:0], opb[15:0]};
      evd_pkg::AluPassb: alu_res = opb;
      evd_pkg::AluSetb:  alu_res = opa_o | (64'd1 << shamt);
      evd_pkg::AluClrb:  alu_res = opa_o & ~(64'd1 << shamt);
      evd_pkg::AluLtu:   alu_res = {63'd0, opa_o < opb};
      evd_pkg::AluPassa: alu_res = opa_o;
      default:           alu_res = 64'd0;
    endcase
  end

  assign alu_low_o  = alu_res[3:0];
  assign alu_zero_o = (alu_res == 64'd0);

  // Writes: data registers without reset; the microcode writes every register a flow reads before
  // it reads it (the X-initial runs check that).
  always_ff @(posedge clk_i) begin
    if (wr_en_i && uinstr_i.rd != 6'd0 && uinstr_i.rd < evd_pkg::REG_SRC_FIRST) begin
      rf_a_q[uinstr_i.rd] <= wr_port_i ? port_rdata_i : alu_res;
      rf_b_q[uinstr_i.rd] <= wr_port_i ? port_rdata_i : alu_res;
    end
  end
endmodule
