// The ALU of the word in X, and the zero test its conditions use.
//
// Why it looks like this (measured on iCE40, rtl/README.md): the unit's clock is set by the path
// from the register file through the ALU, so the ALU is four short parallel units and a one-hot
// select, with every shift amount and mask computed a cycle earlier, in R, from the word's
// immediate (evd_dp):
//  - the adder: two 32-bit halves, the high half computed for both carries (carry select), so the
//    longest carry chain is 32 bits; LTU is its carry out;
//  - the logic unit: AND, OR, XOR, ANDN bit by bit; with B replaced by a one-hot decode of B[5:0]
//    it also sets (SETB), clears (CLRB) and tests (BIT) one bit at a register or immediate index;
//  - the rotator: A rotated right by the R-computed amount, merged with B under the R-computed
//    mask: SHR, SHL and FIELD (B is 0), LIO (B's low 16 bits below A's), PASSB (mask 0);
//  - the zero test for jz/jnz comes from the logic unit, not from the result: SUB is tested as
//    A XOR B, MOV (PASSA, B = 0) as A OR B, BIT as A AND the one-hot bit, LTU by its carry.
//    The assembler refuses jz/jnz after any other function.
module evd_alu (
  input  evd_pkg::alu_e alu_i,
  input  logic [63:0]   a_i,
  input  logic [63:0]   b_i,
  input  logic [5:0]    ramt_i,    // rotate right by this amount (from R)
  input  logic [63:0]   rmask_i,   // the rotator's bits of the result; B's elsewhere (from R)
  output logic [63:0]   res_o,
  output logic          zero_o     // what jz tests (see above)
);
  logic [63:0] b_oh, b_log, logic_res, rot, bx;
  logic [7:0]  oh_lo, oh_hi;
  logic [32:0] lo, hi0, hi1;
  logic        sub, carry, lzero;
  logic [1:0]  lfn;

  // One-hot decode of B[5:0] in two halves of three bits (two LUT levels).
  always_comb begin
    oh_lo = 8'd1 << b_i[2:0];
    oh_hi = 8'd1 << b_i[5:3];
    for (int i = 0; i < 64; i++) b_oh[i] = oh_hi[i / 8] & oh_lo[i % 8];
  end

  // Logic unit: 0 AND, 1 OR, 2 XOR, 3 ANDN.
  always_comb begin
    unique case (alu_i)
      evd_pkg::AluOr, evd_pkg::AluPassa, evd_pkg::AluSetb: lfn = 2'd1;
      evd_pkg::AluXor, evd_pkg::AluSub:                    lfn = 2'd2;
      evd_pkg::AluAndn, evd_pkg::AluClrb:                  lfn = 2'd3;
      default:                                             lfn = 2'd0;
    endcase
  end
  assign b_log = (alu_i == evd_pkg::AluSetb || alu_i == evd_pkg::AluClrb || alu_i == evd_pkg::AluBit) ?
                 b_oh : b_i;
  always_comb begin
    unique case (lfn)
      2'd0:    logic_res = a_i & b_log;
      2'd1:    logic_res = a_i | b_log;
      2'd2:    logic_res = a_i ^ b_log;
      default: logic_res = a_i & ~b_log;
    endcase
  end
  assign lzero = ~|logic_res;

  // Adder: carry select over two 32-bit chains.
  assign sub   = (alu_i == evd_pkg::AluSub || alu_i == evd_pkg::AluLtu);
  assign bx    = sub ? ~b_i : b_i;
  assign lo    = {1'b0, a_i[31:0]} + {1'b0, bx[31:0]} + {32'd0, sub};
  assign hi0   = {1'b0, a_i[63:32]} + {1'b0, bx[63:32]};
  assign hi1   = {1'b0, a_i[63:32]} + {1'b0, bx[63:32]} + 33'd1;
  assign carry = lo[32] ? hi1[32] : hi0[32];

  // Rotator: six levels of two-way multiplexers.
  always_comb begin
    rot = a_i;
    for (int s = 0; s < 6; s++) begin
      if (ramt_i[s]) rot = (rot >> (1 << s)) | (rot << (64 - (1 << s)));
    end
  end

  always_comb begin
    res_o = 64'd0;
    unique case (alu_i)
      evd_pkg::AluAdd, evd_pkg::AluSub:
        res_o = {lo[32] ? hi1[31:0] : hi0[31:0], lo[31:0]};
      evd_pkg::AluAnd, evd_pkg::AluOr, evd_pkg::AluXor, evd_pkg::AluAndn, evd_pkg::AluPassa,
      evd_pkg::AluSetb, evd_pkg::AluClrb:
        res_o = logic_res;
      evd_pkg::AluShl, evd_pkg::AluShr, evd_pkg::AluField, evd_pkg::AluLio, evd_pkg::AluPassb:
        res_o = (rot & rmask_i) | (b_i & ~rmask_i);
      evd_pkg::AluBit: res_o = {63'd0, ~lzero};
      evd_pkg::AluLtu: res_o = {63'd0, ~carry};
      default:         res_o = 64'd0;
    endcase
  end

  assign zero_o = (alu_i == evd_pkg::AluLtu) ? carry : lzero;
endmodule
