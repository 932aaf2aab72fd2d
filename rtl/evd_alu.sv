// The ALU of the word in X, the value it writes, and the outcome of its jz or jnz.
//
// Why it looks like this (measured on iCE40, rtl/README.md): the unit's clock is set by the path
// from X's operand registers through the ALU into the registers of the next words' operands, so
// the ALU is short parallel units whose results are ORed, with every shift amount, mask,
// immediate, one-hot bit and function select decoded a cycle earlier, in O (evd_dp), into
// registers. B arrives already inverted for SUB, LTU, ANDN and an immediate CLRB (bx).
//  - the adder: two 32-bit halves, the high half computed for both carries (carry select), so the
//    longest carry chain is 32 bits; LTU is its carry out;
//  - the logic unit: AND, OR, XOR, XNOR bit by bit on A and bx (SETB and CLRB take bx as their
//    one-hot mask); it is 0 for the functions that do not use it;
//  - the rotator: A rotated right by the decoded amount's multiple of 8 under the decoded mask,
//    with bx below it for LIO and PASSB: SHR, SHL, FIELD, LIO, PASSB; 0 for the other functions
//    (O rotated A by the amount's low three bits already: evd_dp);
//  - the flags in bit 0: LTU's carry, BIT's test of A against the one-hot bx;
//  - a memory or VMCS read writes the port's data instead.
// jz and jnz test a zero computed beside the result: SUB as A XNOR bx (A == B), MOV (PASSA) as
// A OR 0, AND, OR, XOR as themselves, BIT by its own test, LTU by its carry; the polarity is
// applied last so that the carry is two LUTs from the branch register. The assembler refuses
// jz/jnz after any other function.
module evd_alu (
  input  logic [63:0] a_i,
  input  logic [63:0] bx_i,       // B, inverted when inv_i
  input  logic        inv_i,      // SUB, LTU: B is inverted and the carry in is 1
  input  logic        sum_i,      // the result is the adder's
  input  logic [1:0]  lfn_i,      // logic unit: 0 AND, 1 OR, 2 XOR, 3 XNOR
  input  logic        lbx_i,      // the logic unit takes bx (else 0)
  input  logic [2:0]  rot8_i,     // rotate right by 8 times this (O did the rest)
  input  logic [63:0] rmask_i,    // the rotator's bits of the result
  input  logic        rbx_i,      // bx fills the bits outside rmask_i
  input  logic        bit_i,      // BIT: bit 0 = A has the one-hot bit
  input  logic        ltu_i,      // LTU: bit 0 = the carry's complement
  input  logic        port_i,     // the word writes the port's data
  input  logic [63:0] port_data_i,
  input  logic        nz_i,       // the branch redirects on a nonzero result (jnz, jz.t)
  output logic [63:0] res_o,      // the value written to rd
  output logic        take_o      // jz, jnz, jz.t or jnz.t leaves the path fetched
);
  logic [63:0] lb, logic_res, rot, rmerge, other;
  logic [32:0] lo, hi0, hi1;
  logic        lzero, bzero, ltu_flag;

  // Logic unit.
  assign lb = bx_i & {64{lbx_i}};
  always_comb begin
    unique case (lfn_i)
      2'd0:    logic_res = a_i & lb;
      2'd1:    logic_res = a_i | lb;
      2'd2:    logic_res = a_i ^ lb;
      default: logic_res = ~(a_i ^ lb);
    endcase
  end
  assign lzero = ~|logic_res;
  assign bzero = ~|(a_i & bx_i);

  // Adder: carry select over two 32-bit chains.
  assign lo       = {1'b0, a_i[31:0]} + {1'b0, bx_i[31:0]} + {32'd0, inv_i};
  assign hi0      = {1'b0, a_i[63:32]} + {1'b0, bx_i[63:32]};
  assign hi1      = {1'b0, a_i[63:32]} + {1'b0, bx_i[63:32]} + 33'd1;
  assign ltu_flag = ~(lo[32] ? hi1[32] : hi0[32]);

  // Rotator: three levels of two-way multiplexers (by 8, 16, 32); the levels by 1, 2 and 4 are in
  // O, before a_i is registered, so that X has no more than three.
  always_comb begin
    rot = a_i;
    for (int s = 0; s < 3; s++) begin
      if (rot8_i[s]) rot = (rot >> (8 << s)) | (rot << (64 - (8 << s)));
    end
    rmerge = (rot & rmask_i) | (bx_i & ~rmask_i & {64{rbx_i}});
  end

  // The result: everything but the adder's sum is ready early; the sum is one LUT from it.
  always_comb begin
    other    = port_i ? port_data_i : (rmerge | logic_res);
    other[0] = other[0] | (~port_i & bit_i & ~bzero);
    res_o    = (sum_i & ~port_i) ? {lo[32] ? hi1[31:0] : hi0[31:0], lo[31:0]} : other;
    res_o[0] = res_o[0] | (~port_i & ltu_i & ltu_flag);
  end

  assign take_o = (ltu_i ? ~ltu_flag : bit_i ? bzero : lzero) ^ nz_i;
endmodule
