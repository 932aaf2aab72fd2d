// Datapath: the register file, the operands of the word in X, and its ALU.
//
// Registers below evd_pkg::REG_SRC_FIRST are 64-bit block RAM (register 0 reads as zero); the
// read-only sources REG_SRC_FIRST..63 (configuration straps with the entry request, the stream
// item, the last memory fault) come from evd_top, as operand A only. The VMX-preemption timer and
// the TSC are one register of the file (tmr): the microcode loads, counts down and saves them
// with the ALU (rtl/README.md says why).
//
// A word's operands are settled in two steps, so that X starts from registers alone:
//  - as it leaves R (r_move_i): the register file (two copies, one per read port) is read with its
//    ra and rb; bypass registers take what the block RAM cannot give: the value X writes at this
//    very edge (the RAM still returns the old one), register 0, a read-only source;
//  - as it leaves O (o_move_i): A (rotated by a shift's amount mod 8, below), bx (B, or the
//    immediate with an immediate bit index decoded to its one-hot mask, inverted for SUB, LTU and
//    ANDN) and the memory write's data are chosen,
//    again with the value X writes at this edge, and registered with the ALU's controls (evd_alu),
//    decoded from O's word.
module evd_dp (
  input  logic              clk_i,
  input  logic [5:0]        r_ra_i,       // the word in R: its operands
  input  logic [5:0]        r_rb_i,
  input  logic              r_move_i,     // ... it leaves R at this edge
  input  logic [5:0]        o_ra_i,       // the word in O: its operands and ALU function
  input  logic [5:0]        o_rb_i,
  input  logic              o_bimm_i,
  input  logic [15:0]       o_imm_i,
  input  evd_pkg::alu_e     o_alu_i,
  input  logic              o_valid_i,    // ... it is a word on the path taken
  input  logic              o_port_i,     // ... it writes a port's data, not the ALU's
  input  logic              o_nz_i,       // ... its branch redirects on a nonzero result (jnz, jz.t)
  input  logic              o_move_i,     // ... it leaves O at this edge
  input  logic [5:0]        x_rd_i,       // the word in X: its destination
  input  logic              wr_en_i,      // X writes rd (wr_data) at this edge
  input  logic [63:0]       src_a_i,      // R's ra as a read-only source (evd_top)
  input  logic [63:0]       port_data_i,  // X's port data
  output logic [63:0]       opa_o,        // X's operand A
  output logic [63:0]       opw_o,        // X's register rb (the data of a memory write)
  output logic              o_hold_o,     // O's word stays in O at this edge
  output logic              take_o        // X's jz or jnz is taken
);
  logic [63:0] rf_a_q [64];
  logic [63:0] rf_b_q [64];
  logic [63:0] rf_a_rd_q, rf_b_rd_q;
  logic [63:0] byp_a_q, byp_a_d, byp_b_q, byp_b_d, base_a, base_b, b_sel;
  logic [63:0] wr_data;      // X's result
  logic [63:0] opa_q, opa_d, bx_q, bx_d, opw_q, opw_d, rmask_q, rmask_d;
  logic        use_a_q, use_a_d, use_b_q, use_b_d;
  // The ALU's controls (evd_alu describes each), decoded in O.
  typedef struct packed {
    logic       inv;
    logic       sum;
    logic [1:0] lfn;
    logic       lbx;
    logic [2:0] rot8;         // the rotator's amount in X: 8 times this
    logic       rbx;
    logic       bit_;
    logic       ltu;
    logic       port;
    logic       nz;
  } ctl_t;
  ctl_t        ctl_q, ctl_d;
  logic [5:0]  bit_idx;      // a bit operation's index: the immediate's, or the register's
  logic [5:0]  ramt;         // a shift's or field's rotation (right): O does ramt[2:0], X the rest
  logic [63:0] rot1;         // A rotated right by ramt[2:0], from the register file or the bypass
  logic        prerot;       // ramt[2:0] != 0
  logic [5:0]  low_amt;      // SHR keeps the bits below 64 - its amount, FIELD below its width
                             // (imm[11:6] = 64 - width)
  logic [63:0] low_mask;     // ~0 >> low_amt: one decoder for all three
  logic [63:0] high_mask;    // SHL's, ~0 << imm[5:0]: low_mask reversed
  logic [63:0] bit_oh;       // 1 << bit_idx
  logic        x_wr, fwd_ra, fwd_rb, fwd_oa, fwd_ob, bitop, o_hold;

  // X writes register r at this edge (register 0 and the read-only sources are never written).
  assign x_wr = wr_en_i && x_rd_i != 6'd0 && x_rd_i < evd_pkg::REG_SRC_FIRST;
  function automatic logic x_writes(input logic [5:0] r);
    x_writes = x_wr && x_rd_i == r;
  endfunction

  //////// R -> O: the register file and the bypass registers ////////
  assign fwd_ra = x_writes(r_ra_i);
  assign fwd_rb = x_writes(r_rb_i);

  always_comb begin
    use_a_d = 1'b1;
    byp_a_d = src_a_i;
    if (r_ra_i == 6'd0) byp_a_d = 64'd0;
    else if (r_ra_i < evd_pkg::REG_SRC_FIRST) begin
      use_a_d = fwd_ra;
      byp_a_d = wr_data;
    end
    use_b_d = (r_rb_i == 6'd0) || fwd_rb;
    byp_b_d = (r_rb_i == 6'd0) ? 64'd0 : wr_data;
  end

  // Register file in block RAM, read and written on the rising edge. Data registers have no
  // reset: the microcode writes every register a flow reads before it reads it (the X-initial
  // runs check that).
  always_ff @(posedge clk_i) begin
    if (x_wr) begin
      rf_a_q[x_rd_i] <= wr_data;
      rf_b_q[x_rd_i] <= wr_data;
    end
    if (r_move_i) begin
      rf_a_rd_q <= rf_a_q[r_ra_i];
      rf_b_rd_q <= rf_b_q[r_rb_i];
    end
  end

  // A word held in O takes the value X writes as it holds (o_hold).
  always_ff @(posedge clk_i) begin
    if (r_move_i) begin
      use_a_q <= use_a_d;
      byp_a_q <= byp_a_d;
      use_b_q <= use_b_d;
      byp_b_q <= byp_b_d;
    end else if (o_hold) begin
      if (fwd_oa) begin
        use_a_q <= 1'b1;
        byp_a_q <= wr_data;
      end
      if (fwd_ob) begin
        use_b_q <= 1'b1;
        byp_b_q <= wr_data;
      end
    end
  end

  //////// O -> X: operands and the ALU's controls ////////
  assign fwd_oa = x_writes(o_ra_i);
  assign fwd_ob = x_writes(o_rb_i);
  assign bitop  = (o_alu_i == evd_pkg::AluBit || o_alu_i == evd_pkg::AluSetb || o_alu_i == evd_pkg::AluClrb);
  // A bit index in a register is decoded in O, from the register's value, and a rotation by
  // ramt[2:0] is done in O on A: when X writes that register at this edge, the word waits in O for
  // one cycle and takes it from the bypass, so that X's result never feeds either.
  assign o_hold   = o_move_i & o_valid_i & ((bitop & ~o_bimm_i & fwd_ob) | (prerot & fwd_oa));
  assign o_hold_o = o_hold;

  assign low_amt  = (o_alu_i == evd_pkg::AluField) ? o_imm_i[11:6] : o_imm_i[5:0];
  assign low_mask = ~64'd0 >> low_amt;
  always_comb for (int i = 0; i < 64; i++) high_mask[i] = low_mask[63 - i];

  always_comb begin
    ctl_d   = '0;
    rmask_d = 64'd0;
    ramt    = 6'd0;
    unique case (o_alu_i)
      evd_pkg::AluAdd:   ctl_d.sum = 1'b1;
      evd_pkg::AluSub:   begin ctl_d.inv = 1'b1; ctl_d.sum = 1'b1; ctl_d.lfn = 2'd3; ctl_d.lbx = 1'b1; end
      evd_pkg::AluAnd:   ctl_d.lbx = 1'b1;
      evd_pkg::AluOr:    begin ctl_d.lfn = 2'd1; ctl_d.lbx = 1'b1; end
      evd_pkg::AluXor:   begin ctl_d.lfn = 2'd2; ctl_d.lbx = 1'b1; end
      evd_pkg::AluAndn:  begin ctl_d.inv = 1'b1; ctl_d.lbx = 1'b1; end
      evd_pkg::AluPassa: ctl_d.lfn = 2'd1;
      evd_pkg::AluLtu:   begin ctl_d.inv = 1'b1; ctl_d.ltu = 1'b1; end
      // B is the one-hot bit (b_sel below).
      evd_pkg::AluSetb:  begin ctl_d.lfn = 2'd1; ctl_d.lbx = 1'b1; end
      evd_pkg::AluClrb:  begin ctl_d.inv = 1'b1; ctl_d.lbx = 1'b1; end
      evd_pkg::AluBit:   ctl_d.bit_ = 1'b1;
      evd_pkg::AluShr:   begin ramt = o_imm_i[5:0]; rmask_d = low_mask; end
      evd_pkg::AluShl:   begin ramt = 6'd0 - o_imm_i[5:0]; rmask_d = high_mask; end
      evd_pkg::AluField: begin ramt = o_imm_i[5:0]; rmask_d = low_mask; end
      evd_pkg::AluLio:   begin ramt = 6'd48; rmask_d = ~64'hffff; ctl_d.rbx = 1'b1; end
      evd_pkg::AluPassb: ctl_d.rbx = 1'b1;
      default: ;
    endcase
    ctl_d.rot8 = ramt[5:3];
    prerot     = ramt[2:0] != 3'd0;
    ctl_d.port = o_port_i;
    ctl_d.nz   = o_nz_i;

    base_a = use_a_q ? byp_a_q : rf_a_rd_q;
    base_b = use_b_q ? byp_b_q : rf_b_rd_q;
    bit_idx = o_bimm_i ? o_imm_i[5:0] : base_b[5:0];
    bit_oh  = 64'd1 << bit_idx;
    b_sel  = bitop ? bit_oh : o_bimm_i ? {48'd0, o_imm_i} : base_b;
    rot1 = base_a;
    for (int s = 0; s < 3; s++) begin
      if (ramt[s]) rot1 = (rot1 >> (1 << s)) | (rot1 << (64 - (1 << s)));
    end
    opa_d  = prerot ? rot1 : fwd_oa ? wr_data : base_a;
    opw_d  = fwd_ob ? wr_data : base_b;
    bx_d   = ((fwd_ob && !o_bimm_i) ? wr_data : b_sel) ^ {64{ctl_d.inv}};
  end

  always_ff @(posedge clk_i) begin
    if (o_move_i) begin
      opa_q   <= opa_d;
      bx_q    <= bx_d;
      opw_q   <= opw_d;
      ctl_q   <= ctl_d;
      rmask_q <= rmask_d;
    end
  end

  //////// X: the ALU ////////
  assign opa_o = opa_q;
  assign opw_o = opw_q;

  evd_alu u_alu (
    .a_i      (opa_q),
    .bx_i     (bx_q),
    .inv_i    (ctl_q.inv),
    .sum_i    (ctl_q.sum),
    .lfn_i    (ctl_q.lfn),
    .lbx_i    (ctl_q.lbx),
    .rot8_i   (ctl_q.rot8),
    .rmask_i  (rmask_q),
    .rbx_i    (ctl_q.rbx),
    .bit_i    (ctl_q.bit_),
    .ltu_i    (ctl_q.ltu),
    .port_i   (ctl_q.port),
    .port_data_i (port_data_i),
    .nz_i     (ctl_q.nz),
    .res_o    (wr_data),
    .take_o   (take_o)
  );
endmodule
