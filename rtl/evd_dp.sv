// Datapath: the register file, the operands of the word in X, and its ALU.
//
// Registers below evd_pkg::REG_SRC_FIRST are 64-bit block RAM (register 0 reads as zero); the
// read-only sources REG_SRC_FIRST..63 (configuration straps with the entry request, the stream
// item, the last memory fault) come from registers at the unit's boundary (evd_top). The
// VMX-preemption timer and the TSC are one register of the file (tmr): the microcode loads,
// counts down and saves them with the ALU (rtl/README.md says why).
//
// Everything an operand needs is settled as the word leaves R (r_move_i), on the rising edge:
//  - the register file, two copies (one per read port), is read with the word's ra and rb;
//  - the bypass registers take what the block RAM cannot give: the value X writes at this very
//    edge (the RAM still returns the old one), register 0, a read-only source (A only);
//  - B's immediate, and for SHL, SHR, FIELD, LIO and PASSB the rotate amount and the mask
//    (evd_alu), are decoded from the immediate.
// In X an operand is then one two-way multiplexer away from a register.
module evd_dp (
  input  logic              clk_i,
  input  logic [5:0]        r_ra_i,       // the word in R: its operands and ALU function
  input  logic [5:0]        r_rb_i,
  input  logic              r_bimm_i,
  input  logic [15:0]       r_imm_i,
  input  evd_pkg::alu_e     r_alu_i,
  input  logic              r_move_i,     // ... it leaves R at this edge
  input  logic [5:0]        x_rd_i,       // the word in X: its destination and ALU function
  input  evd_pkg::alu_e     x_alu_i,
  input  logic              wr_en_i,      // X writes rd at this edge
  input  logic [63:0]       wr_data_i,    // ... this value
  input  logic [63:0]       src_a_i,      // R's ra as a read-only source (evd_top), as of this edge
  output logic [63:0]       opa_o,        // X's operand A
  output logic [63:0]       opb_reg_o,    // X's register rb (the data of a memory write)
  output logic [63:0]       alu_res_o,
  output logic              alu_zero_o
);
  logic [63:0] rf_a_q [64];
  logic [63:0] rf_b_q [64];
  logic [63:0] rf_a_rd_q, rf_b_rd_q;
  logic [63:0] byp_a_q, byp_a_d, byp_b_q, byp_b_d, imm_q, imm_d, rmask_q, rmask_d, opb;
  logic        use_a_q, use_a_d, use_b_q, use_b_d, bimm_q, bimm_d;
  logic [5:0]  ramt_q, ramt_d;
  logic [63:0] therm;        // therm[i] = (i >= imm[5:0])
  logic [15:0] wmask;        // wmask[i] = (i < imm[9:6])
  logic        fwd_a, fwd_b;

  assign fwd_a = wr_en_i && x_rd_i == r_ra_i;
  assign fwd_b = wr_en_i && x_rd_i == r_rb_i;

  //////// R: operand capture ////////
  always_comb begin
    for (int i = 0; i < 64; i++) therm[i] = (6'(i) >= r_imm_i[5:0]);
    for (int i = 0; i < 16; i++) wmask[i] = (4'(i) < r_imm_i[9:6]);

    use_a_d = 1'b1;
    byp_a_d = src_a_i;
    if (r_ra_i == 6'd0) byp_a_d = 64'd0;
    else if (r_ra_i < evd_pkg::REG_SRC_FIRST) begin
      use_a_d = fwd_a;
      byp_a_d = wr_data_i;
    end
    use_b_d = (r_rb_i == 6'd0) || fwd_b;
    byp_b_d = (r_rb_i == 6'd0) ? 64'd0 : wr_data_i;

    bimm_d  = r_bimm_i;
    imm_d   = {48'd0, r_imm_i};
    ramt_d  = 6'd0;
    rmask_d = 64'd0;
    unique case (r_alu_i)
      evd_pkg::AluShr: begin
        ramt_d  = r_imm_i[5:0];
        for (int i = 0; i < 64; i++) rmask_d[i] = therm[63 - i];
      end
      evd_pkg::AluShl: begin
        ramt_d  = 6'd0 - r_imm_i[5:0];
        rmask_d = therm;
      end
      evd_pkg::AluField: begin
        ramt_d  = r_imm_i[5:0];
        rmask_d = {48'd0, wmask};
      end
      evd_pkg::AluLio: begin
        ramt_d  = 6'd48;
        rmask_d = ~64'hffff;
      end
      default: ;
    endcase
    // The shift amount and mask are all that SHL, SHR and FIELD take from B; PASSA (mov, and
    // its zero test) wants B = 0 too.
    if (r_alu_i == evd_pkg::AluShl || r_alu_i == evd_pkg::AluShr ||
        r_alu_i == evd_pkg::AluField || r_alu_i == evd_pkg::AluPassa) begin
      bimm_d = 1'b1;
      imm_d  = 64'd0;
    end
  end

  // Register file in block RAM, read and written on the rising edge. Data registers have no
  // reset: the microcode writes every register a flow reads before it reads it (the X-initial
  // runs check that).
  always_ff @(posedge clk_i) begin
    if (wr_en_i && x_rd_i != 6'd0 && x_rd_i < evd_pkg::REG_SRC_FIRST) begin
      rf_a_q[x_rd_i] <= wr_data_i;
      rf_b_q[x_rd_i] <= wr_data_i;
    end
    if (r_move_i) begin
      rf_a_rd_q <= rf_a_q[r_ra_i];
      rf_b_rd_q <= rf_b_q[r_rb_i];
    end
  end

  always_ff @(posedge clk_i) begin
    if (r_move_i) begin
      use_a_q <= use_a_d;
      byp_a_q <= byp_a_d;
      use_b_q <= use_b_d;
      byp_b_q <= byp_b_d;
      bimm_q  <= bimm_d;
      imm_q   <= imm_d;
      ramt_q  <= ramt_d;
      rmask_q <= rmask_d;
    end
  end

  //////// X: operands and ALU ////////
  assign opa_o     = use_a_q ? byp_a_q : rf_a_rd_q;
  assign opb_reg_o = use_b_q ? byp_b_q : rf_b_rd_q;
  assign opb       = bimm_q ? imm_q : opb_reg_o;

  evd_alu u_alu (
    .alu_i   (x_alu_i),
    .a_i     (opa_o),
    .b_i     (opb),
    .ramt_i  (ramt_q),
    .rmask_i (rmask_q),
    .res_o   (alu_res_o),
    .zero_o  (alu_zero_o)
  );
endmodule
