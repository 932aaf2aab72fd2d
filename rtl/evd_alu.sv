// The ALU of the word in X, and the zero test its conditions use.
//
// Why it looks like this (measured on iCE40, rtl/README.md): the unit's clock is set by the path
// from the register file through the ALU, so the ALU is short parallel units whose results are
// ORed, with every shift amount, mask, immediate and function select decoded a cycle earlier, in R
// (evd_dp), into registers. B arrives already inverted for SUB, LTU and ANDN (bx).
//  - the adder: two 32-bit halves, the high half computed for both carries (carry select), so the
//    longest carry chain is 32 bits; LTU is its carry out;
//  - the logic unit: AND, OR, XOR, XNOR bit by bit on A and bx, or on A and a one-hot decode of
//    B[5:0] (SETB, CLRB with a register index; O decodes an immediate index itself); it is 0 for
//    the functions that do not use it;
//  - the rotator: A rotated right by the O-computed amount under the O-computed mask, with bx
//    below it for LIO and PASSB: SHR, SHL, FIELD, LIO, PASSB; 0 for the other functions (an
//    amount that is not a multiple of 8 takes two cycles);
//  - the flags: LTU's carry, and BIT's test of A against a one-hot bit, in bit 0.
// The zero test for jz/jnz is computed beside the result: SUB as A XNOR bx (A == B), MOV (PASSA)
// as A OR 0, AND, OR, XOR as themselves, BIT by its own test, LTU by its carry. The assembler
// refuses jz/jnz after any other function.
module evd_alu (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic        x_exec_i,   // X holds a word
  input  logic        x_done_i,   // ... that completes at this edge
  input  logic [63:0] a_i,
  input  logic [63:0] bx_i,       // B, inverted when inv_i
  input  logic        inv_i,      // SUB, LTU: B is inverted and the carry in is 1
  input  logic        sum_i,      // the result is the adder's
  input  logic [1:0]  lfn_i,      // logic unit: 0 AND, 1 OR, 2 XOR, 3 XNOR
  input  logic        lbx_i,      // the logic unit takes bx (else the one-hot, or 0)
  input  logic        loh_i,      // the logic unit takes the one-hot of B[5:0]
  input  logic        lneg_i,     // ... inverted (CLRB)
  input  logic [5:0]  ramt_i,     // rotate right by this amount
  input  logic [63:0] rmask_i,    // the rotator's bits of the result
  input  logic        rbx_i,      // bx fills the bits outside rmask_i
  input  logic        bit_i,      // BIT: bit 0 = A has the one-hot bit
  input  logic        boh_i,      // BIT takes the one-hot of B[5:0] (else bx, decoded in R)
  input  logic        ltu_i,      // LTU: bit 0 = the carry's complement
  output logic        busy_o,     // a rotation by ramt_i[2:0] != 0 needs a second cycle
  output logic [63:0] res_o,
  output logic        zero_o
);
  logic [63:0] oh, lb, logic_res, rot_lo, rot_lo_q, rot, rmerge, bb;
  logic        second_q, second_d;
  logic [7:0]  oh_lo, oh_hi;
  logic [32:0] lo, hi0, hi1;
  logic [63:0] sum;
  logic        carry, lzero, bzero;

  // One-hot decode of B[5:0] in two halves of three bits.
  always_comb begin
    oh_lo = 8'd1 << bx_i[2:0];
    oh_hi = 8'd1 << bx_i[5:3];
    for (int i = 0; i < 64; i++) oh[i] = oh_hi[i / 8] & oh_lo[i % 8];
  end

  // Logic unit.
  always_comb begin
    for (int i = 0; i < 64; i++) lb[i] = loh_i ? (oh[i] ^ lneg_i) : (bx_i[i] & lbx_i);
    unique case (lfn_i)
      2'd0:    logic_res = a_i & lb;
      2'd1:    logic_res = a_i | lb;
      2'd2:    logic_res = a_i ^ lb;
      default: logic_res = ~(a_i ^ lb);
    endcase
  end
  assign lzero = ~|logic_res;

  // BIT's test.
  assign bb    = boh_i ? oh : bx_i;
  assign bzero = ~|(a_i & bb);

  // Adder: carry select over two 32-bit chains.
  assign lo    = {1'b0, a_i[31:0]} + {1'b0, bx_i[31:0]} + {32'd0, inv_i};
  assign hi0   = {1'b0, a_i[63:32]} + {1'b0, bx_i[63:32]};
  assign hi1   = {1'b0, a_i[63:32]} + {1'b0, bx_i[63:32]} + 33'd1;
  assign sum   = {lo[32] ? hi1[31:0] : hi0[31:0], lo[31:0]};
  assign carry = lo[32] ? hi1[32] : hi0[32];

  // Rotator: six levels of two-way multiplexers, in two cycles of three when the amount's low
  // bits are not 0 (by 1, 2, 4 into rot_lo_q; then by 8, 16, 32), so that neither cycle has more
  // than three levels before the result's own.
  always_comb begin
    rot_lo = a_i;
    for (int s = 0; s < 3; s++) begin
      if (ramt_i[s]) rot_lo = (rot_lo >> (1 << s)) | (rot_lo << (64 - (1 << s)));
    end
    rot = (ramt_i[2:0] != 3'd0) ? rot_lo_q : a_i;
    for (int s = 3; s < 6; s++) begin
      if (ramt_i[s]) rot = (rot >> (1 << s)) | (rot << (64 - (1 << s)));
    end
    for (int i = 0; i < 64; i++) rmerge[i] = rmask_i[i] ? rot[i] : (bx_i[i] & rbx_i);
  end

  assign busy_o   = x_exec_i & (ramt_i[2:0] != 3'd0) & ~second_q;
  assign second_d = busy_o | (second_q & ~x_done_i);
  always_ff @(posedge clk_i) rot_lo_q <= rot_lo;
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) second_q <= 1'b0;
    else         second_q <= second_d;
  end

  always_comb begin
    res_o    = sum_i ? sum : (rmerge | logic_res);
    res_o[0] = res_o[0] | (bit_i & ~bzero) | (ltu_i & ~carry);
  end

  assign zero_o = ltu_i ? carry : bit_i ? bzero : lzero;
endmodule
