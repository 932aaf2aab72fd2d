// The unit's promises to the testbench, and its pipeline's, for ANY microcode: the harness of
// formal/ports.ys. evd_top's inputs are free (yosys-smtbmc chooses them at every step), and the
// script cuts the ROM's output free too, so every property below is guaranteed by the hardware
// whatever words the ROM holds. The script also cuts the register file's read registers and the
// ALU's result and branch outcome free: what the properties say does not depend on the values
// computed, only on where they go (ReadsSeeLastWrite constrains the reads it is about).
//
// The testbench's side of the protocol is assumed (assume), the unit's side asserted (assert).
// The *_t wires are taps: formal/ports.ys connects each to the signal of evd_top that it names
// (connect -set), so that the RTL carries no formal-only ports.
module evd_formal_ports (
  input logic                      clk_i,
  input logic                      rst_ni,
  input logic [evd_pkg::CFG_W-1:0] cfg_i,
  input evd_pkg::entry_req_t       entry_req_i,
  input evd_pkg::vmcs_rsp_t        vmcs_rsp_i,
  input evd_pkg::mem_rsp_t         mem_rsp_i,
  input evd_pkg::strm_item_t       strm_item_i
);
  evd_pkg::entry_rsp_t entry_rsp;
  evd_pkg::vmcs_req_t  vmcs_req;
  evd_pkg::mem_req_t   mem_req;
  evd_pkg::strm_ctl_t  strm_ctl;
  evd_pkg::side_t      side;

  evd_top u_dut (
    .clk_i       (clk_i),
    .rst_ni      (rst_ni),
    .cfg_i       (cfg_i),
    .entry_req_i (entry_req_i),
    .entry_rsp_o (entry_rsp),
    .vmcs_req_o  (vmcs_req),
    .vmcs_rsp_i  (vmcs_rsp_i),
    .mem_req_o   (mem_req),
    .mem_rsp_i   (mem_rsp_i),
    .strm_item_i (strm_item_i),
    .strm_ctl_o  (strm_ctl),
    .side_o      (side)
  );

  // Taps (formal/ports.ys): the word in R (the ROM's output), the word in X and whether it
  // executes and completes, its operands, the stage moves, the register write and its value.
  evd_pkg::uinstr_t     r_word_t, o_word_t, x_word_t;
  logic        o_valid_t, x_exec_t, x_free_t, r_move_t, o_move_t, wr_en_t;
  logic [63:0] base_a_t, base_b_t, opa_t, opw_t, wr_data_t, rf_a_rd_t, rf_b_rd_t;

  //////// Time ////////
  // The unit starts in reset; after that a reset may come in any cycle (reset in flight).
  logic started_q = 1'b0;
  always_ff @(posedge clk_i) started_q <= 1'b1;

  // The previous cycle, for the properties that look one cycle back ($past, spelt out).
  logic       past_rst_n_q = 1'b0;
  logic       vmcs_waited_q = 1'b0, mem_waited_q = 1'b0, strm_shown_q = 1'b0;
  evd_pkg::vmcs_req_t  vmcs_req_q;
  evd_pkg::mem_req_t   mem_req_q;
  logic       evonly_q;
  evd_pkg::strm_item_t strm_item_q;
  always_ff @(posedge clk_i) begin
    strm_item_q   <= strm_item_i;
    past_rst_n_q  <= rst_ni;
    vmcs_waited_q <= rst_ni & vmcs_req.req & ~vmcs_rsp_i.ack;
    mem_waited_q  <= rst_ni & mem_req.req & ~mem_rsp_i.ack;
    strm_shown_q  <= rst_ni & strm_item_i.valid & ~strm_ctl.pop;
    vmcs_req_q    <= vmcs_req;
    mem_req_q     <= mem_req;
    evonly_q      <= strm_ctl.evonly;
  end

  //////// The testbench's side (assumed) ////////
  always_comb begin
    // Reset in the first cycle.
    if (!started_q) assume (!rst_ni);
    // An acknowledge only answers a request (tb/responder.c); the simulation's AckOnlyOnRequest
    // checks the testbench keeps it.
    assume (!vmcs_rsp_i.ack || vmcs_req.req);
    assume (!mem_rsp_i.ack || mem_req.req);
    // An item shown stays shown, unchanged, until it is popped or the stream's mode changes
    // (tb/source.c).
    if (strm_shown_q && strm_ctl.evonly == evonly_q) assume (strm_item_i == strm_item_q);
  end

  //////// The port protocol ////////
  always_comb begin
    if (started_q && rst_ni) begin
      // One port at a time: the testbench serves one request per cycle, and the order of VMCS
      // and memory accesses is the flow's order.
      OnePortAtATime: assert (!(vmcs_req.req && mem_req.req));
      // A request stays up, every field unchanged, until it is acknowledged: the testbench may
      // answer it in any later cycle (wait states) and must find the same request there.
      VmcsRequestHeld: assert (!vmcs_waited_q || vmcs_req == vmcs_req_q);
      MemRequestHeld: assert (!mem_waited_q || mem_req == mem_req_q);
      // A pop takes an item that is shown: popping nothing would skip the guest's next outcome.
      PopNeedsItem: assert (!strm_ctl.pop || strm_item_i.valid);
      // Reset in flight leaves nothing up: a request, a pop or the end of a run cut off by a
      // reset would reach a testbench that has forgotten the flow.
      NothingUpAfterReset: assert (past_rst_n_q ||
                                   !(vmcs_req.req || mem_req.req || strm_ctl.pop || side.done ||
                                     side.cr2_we || side.smm || entry_rsp.ready));
    end
  end

  //////// Forwarding: an operand is the last value written to its register ////////
  // One register, idx, stands for all of them (the solver picks it): shadow_q is its value as
  // the words that completed left it, the register file's initial content included (free at the
  // first step). The register file's block RAM returns the value before the write at the same
  // edge (read-first); the read registers are cut free, so the harness says what they hold when
  // they read idx (assume). The unit must then hand every word the register's latest value,
  // whatever words are in flight: from the register file, or forwarded from X, or held in O.
  (* anyconst *) logic [5:0] idx;
  logic [63:0] shadow_q, rd_a_val_q, rd_b_val_q;
  logic        rd_a_idx_q = 1'b0, rd_b_idx_q = 1'b0;
  always_ff @(posedge clk_i) begin
    if (wr_en_t && x_word_t.rd == idx) shadow_q <= wr_data_t;
    if (r_move_t) begin
      rd_a_idx_q <= r_word_t.ra == idx;
      rd_b_idx_q <= r_word_t.rb == idx;
      rd_a_val_q <= shadow_q;
      rd_b_val_q <= shadow_q;
    end
  end

  // A shift or field rotates A right by its amount's low three bits in O (evd_dp); SHL by the
  // amount's complement. The rest of the rotation is X's, and not an operand's.
  function automatic logic [63:0] rotr(input logic [63:0] v, input logic [2:0] n);
    rotr = (v >> n) | (v << (7'd64 - {4'd0, n}));
  endfunction
  logic [2:0]  o_rot;
  logic [63:0] opa_expected;
  always_comb begin
    o_rot = 3'd0;
    if (x_word_t.alu == evd_pkg::AluShr || x_word_t.alu == evd_pkg::AluField) o_rot = x_word_t.imm[2:0];
    if (x_word_t.alu == evd_pkg::AluShl) o_rot = 3'd0 - x_word_t.imm[2:0];
    opa_expected = rotr(shadow_q, o_rot);
  end

  always_comb begin
    // A writable register.
    assume (idx != 6'd0 && idx < evd_pkg::REG_SRC_FIRST);
    if (rd_a_idx_q) assume (rf_a_rd_t == rd_a_val_q);
    if (rd_b_idx_q) assume (rf_b_rd_t == rd_b_val_q);
    if (started_q && rst_ni && x_exec_t) begin
      // The word in X (the oldest: every word before it has completed) computes with A and B as
      // they are now.
      ReadsSeeLastWriteA: assert (x_word_t.ra != idx || opa_t == opa_expected);
      ReadsSeeLastWriteB: assert (x_word_t.rb != idx || opw_t == shadow_q);
    end
    // Auxiliary (it makes the two above inductive): the word in O holds, from the register file or
    // a bypass register, the value its registers have before X's word completes (X's write
    // reaches it by forwarding as it leaves O).
    if (started_q && rst_ni && o_valid_t) begin
      OperandsInOAreCurrentA: assert (o_word_t.ra != idx || base_a_t == shadow_q);
      OperandsInOAreCurrentB: assert (o_word_t.rb != idx || base_b_t == shadow_q);
      // ... and the harness's record of the register file's reads is about the word in O.
      ReadRecordIsOA: assert ((o_word_t.ra == idx) == rd_a_idx_q);
      ReadRecordIsOB: assert ((o_word_t.rb == idx) == rd_b_idx_q);
    end
  end
endmodule
