// The unit's promises to the testbench, and its pipeline's, for ANY microcode: the harness of
// formal/ports.ys. evd_top's inputs are free (yosys-smtbmc chooses them at every step), and the
// script cuts the ROM's output free too, so every property below is guaranteed by the hardware
// whatever words the ROM holds (within the assembler's rules, for the path taken). The script also
// cuts the register file's read registers and the ALU's result and branch outcome free: what the
// properties say does not depend on the values computed, only on where they go (ReadsSeeLastWrite
// constrains the reads it is about). Three parts: the port protocol, forwarding, the path taken.
//
// The testbench's side of the protocol is assumed (assume), the unit's side asserted (assert).
// The *_t wires are taps: formal/ports.ys connects each to the signal of evd_top that it names
// (connect -nounset -set), so that the RTL carries no formal-only ports.
module evd_formal_ports (
  input logic                      clk_i,
  input logic                      rst_ni,
  input logic [evd_pkg::CFG_W-1:0] cfg_i,
  input evd_pkg::entry_req_t       entry_req_i,
  input evd_pkg::vmcs_rsp_t        vmcs_rsp_i,
  input evd_pkg::mem_rsp_t         mem_rsp_i,
  input evd_pkg::strm_item_t       strm_item_i
);
`include "evd_formal_env.svh"

  // Taps (formal/ports.ys): the word in R (the ROM's output), the word in X and whether it
  // executes and completes, its operands, the stage moves, the register write and its value.
  evd_pkg::uinstr_t     r_word_t, o_word_t, x_word_t;
  logic        o_valid_t, x_exec_t, x_free_t, r_move_t, o_move_t, wr_en_t;
  logic [63:0] base_a_t, base_b_t, opa_t, opw_t, wr_data_t, rf_a_rd_t, rf_b_rd_t;
  // ... and the sequencer's: each stage's address and valid bit, the registered redirect and
  // early dispatch with their targets, the return stack, and X's branch outcome.
  logic [evd_pkg::UADDR_W-1:0] r_pc_t, o_pc_t, x_pc_t, target_t, early_target_t;
  logic [evd_pkg::UADDR_W-1:0] ret0_t, ret1_t, ret2_t, ret3_t;
  logic [1:0]  rsp_t;
  logic        r_valid_t, redirect_t, early_t, early_disp_t, take_t, x_cz_t, use_a_t;

  // The previous cycle, for the properties that look one cycle back ($past, spelt out).
  logic               past_rst_n_q = 1'b0;
  logic               vmcs_waited_q = 1'b0, mem_waited_q = 1'b0;
  evd_pkg::vmcs_req_t vmcs_req_q;
  evd_pkg::mem_req_t  mem_req_q;
  always_ff @(posedge clk_i) begin
    past_rst_n_q  <= rst_ni;
    vmcs_waited_q <= rst_ni & vmcs_req.req & ~vmcs_rsp_i.ack;
    mem_waited_q  <= rst_ni & mem_req.req & ~mem_rsp_i.ack;
    vmcs_req_q    <= vmcs_req;
    mem_req_q     <= mem_req;
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

  //////// The path taken: every word that executes is the one the flow reaches ////////
  // The harness keeps the flow's architectural state as the words complete in X: the address of
  // the next word (exp_pc_q), and the return stack (four entries; a push on the fourth wraps, as
  // the ISA's stack does). The sequencer fetches ahead and guesses; whatever it fetched, guessed
  // and dropped, the word that executes must be exp_pc_q (PathTaken). A ret on an empty stack (a
  // microcode error, ReturnStackNoUnderflow in the real ROM's proof) has no defined target: the
  // path is then not checked again until reset. The entries are not reset (nor are the RTL's):
  // the harness's start as the hardware's.
  //
  // The ROM follows the assembler's rules (assumed of the free ROM output): call only with goto,
  // disp only after mov and on a read-only source, no call or ret on ewait. Every disp is thus an
  // early dispatch (ED): a mov of a read-only source gone on as a goto, its target taken in R.
  // (Fields, not the word: Yosys 0.23 takes no packed struct as a function's argument.)
  function automatic logic keeps_rules(input logic [3:0] op, input logic [3:0] alu, input logic [5:0] ra,
                                       input logic [3:0] cond, input logic call, input logic ed);
    keeps_rules = (!call || cond == evd_pkg::CondAlways) &&
                  (cond != evd_pkg::CondDisp || (alu == evd_pkg::AluPassa && ra >= evd_pkg::REG_SRC_FIRST)) &&
                  (op != evd_pkg::OpEwait || (!call && cond != evd_pkg::CondRet)) &&
                  (!ed || (cond == evd_pkg::CondAlways && alu == evd_pkg::AluPassa &&
                           ra >= evd_pkg::REG_SRC_FIRST && !call));
  endfunction
  always_comb assume (keeps_rules(r_word_t.op, r_word_t.alu, r_word_t.ra, r_word_t.cond, r_word_t.call, 1'b0));

  // Which words were early dispatches (evd_seq rewrites them into gotos as they leave R), kept
  // with the words in O and X.
  logic o_ed_q, x_ed_q;
  always_ff @(posedge clk_i) begin
    if (r_move_t) o_ed_q <= early_disp_t;
    if (o_move_t) x_ed_q <= o_ed_q;
  end

  logic [evd_pkg::UADDR_W-1:0] exp_pc_q, h_ret_q [4];
  logic [1:0]                  h_rsp_q;
  logic                        exp_valid_q;
  // X's word's successor on the path taken: the branch's outcome is X's (the ALU's, the stream
  // port's, the memory port's) as the word completes.
  logic                        x_taken;
  logic [evd_pkg::UADDR_W-1:0] x_next;
  always_comb begin
    unique case (x_word_t.cond)
      evd_pkg::CondAlways:  x_taken = 1'b1;
      evd_pkg::CondZ,
      evd_pkg::CondNz:      x_taken = take_t;
      evd_pkg::CondZt,
      evd_pkg::CondNzt:     x_taken = !take_t;
      evd_pkg::CondSvalid:  x_taken = strm_item_i.valid;
      evd_pkg::CondSempty:  x_taken = !strm_item_i.valid;
      evd_pkg::CondFault:   x_taken = mem_rsp_i.fault;
      evd_pkg::CondNofault: x_taken = !mem_rsp_i.fault;
      default:              x_taken = 1'b0;
    endcase
    if (x_word_t.cond == evd_pkg::CondRet)      x_next = h_ret_q[h_rsp_q - 2'd1];
    else if (x_ed_q)                           x_next = x_word_t.next + {6'd0, opa_t[3:0]};
    else if (x_taken)                          x_next = x_word_t.next;
    else                                       x_next = x_pc_t + 1'b1;
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      exp_pc_q    <= '0;
      exp_valid_q <= 1'b1;
      h_rsp_q     <= 2'd0;
      // The stack's entries are not reset: the flow's start as the hardware's, and a push at
      // this edge lands in both.
      h_ret_q[0] <= ret0_t;
      h_ret_q[1] <= ret1_t;
      h_ret_q[2] <= ret2_t;
      h_ret_q[3] <= ret3_t;
      if (x_exec_t && x_free_t && x_word_t.call) h_ret_q[rsp_t] <= x_pc_t + 1'b1;
    end else if (x_exec_t && x_free_t) begin
      exp_pc_q <= x_next;
      if (x_word_t.cond == evd_pkg::CondRet && h_rsp_q == 2'd0) exp_valid_q <= 1'b0;
      if (x_word_t.call) begin
        h_ret_q[h_rsp_q] <= x_pc_t + 1'b1;
        h_rsp_q          <= h_rsp_q + 2'd1;
      end
      if (x_word_t.cond == evd_pkg::CondRet) h_rsp_q <= h_rsp_q - 2'd1;
      if (x_word_t.op == evd_pkg::OpEwait) h_rsp_q <= 2'd0;
    end
  end

  // What the sequencer should have fetched behind a word in O, with X's effect on the stack. A
  // ret that finds the stack empty (after an ewait, too) has no defined target.
  logic [evd_pkg::UADDR_W-1:0] o_ret_top, o_next;
  logic                        o_ret_known;
  always_comb begin
    if (x_exec_t && x_word_t.call) begin
      o_ret_top   = x_pc_t + 1'b1;
      o_ret_known = 1'b1;
    end else if (x_exec_t && x_word_t.cond == evd_pkg::CondRet) begin
      o_ret_top   = h_ret_q[h_rsp_q - 2'd2];
      o_ret_known = h_rsp_q > 2'd1;
    end else begin
      o_ret_top   = h_ret_q[h_rsp_q - 2'd1];
      o_ret_known = h_rsp_q != 2'd0 && !(x_exec_t && x_word_t.op == evd_pkg::OpEwait);
    end
    // The fetch guesses: X's conditions are guessed not taken (jz.t, jnz.t taken).
    unique case (o_word_t.cond)
      evd_pkg::CondAlways, evd_pkg::CondZt, evd_pkg::CondNzt: o_next = o_word_t.next;
      evd_pkg::CondRet:                                       o_next = o_ret_top;
      default:                                                o_next = o_pc_t + 1'b1;
    endcase
    if (o_ed_q) o_next = o_word_t.next + {6'd0, base_a_t[3:0]};
  end
  // ... and behind a word in X (its early dispatch's target is known once it leaves R).
  logic [evd_pkg::UADDR_W-1:0] x_guess;
  logic                        x_ret_unknown;
  assign x_ret_unknown = x_word_t.cond == evd_pkg::CondRet && h_rsp_q == 2'd0;
  always_comb begin
    unique case (x_word_t.cond)
      evd_pkg::CondAlways, evd_pkg::CondZt, evd_pkg::CondNzt: x_guess = x_word_t.next;
      evd_pkg::CondRet:                                       x_guess = h_ret_q[h_rsp_q - 2'd1];
      default:                                                x_guess = x_pc_t + 1'b1;
    endcase
    if (x_ed_q) x_guess = x_word_t.next + {6'd0, opa_t[3:0]};
  end

  always_comb begin
    if (started_q && rst_ni) begin
      // The word that executes is the one the flow reaches.
      PathTaken: assert (!x_exec_t || !exp_valid_q || x_pc_t == exp_pc_q);
      // Auxiliary (they make PathTaken inductive). The return stack is the flow's.
      StackIsTheFlows: assert (rsp_t == h_rsp_q && ret0_t == h_ret_q[0] && ret1_t == h_ret_q[1] &&
                               ret2_t == h_ret_q[2] && ret3_t == h_ret_q[3]);
      // A registered redirect has dropped every word behind X, and holds the flow's next address.
      RedirectDropsAll: assert (!redirect_t || (!r_valid_t && !o_valid_t && !x_exec_t &&
                                                (!exp_valid_q || target_t == exp_pc_q)));
      // An early dispatch waits for its fetch with no word in R; the dispatch is the youngest word.
      EarlyWaitsAlone: assert (!early_t || redirect_t ||
                               (!r_valid_t && (o_valid_t ? o_ed_q : (x_exec_t && x_ed_q))));
      EarlyTargetInO: assert (!exp_valid_q || !early_t || redirect_t || !o_valid_t || early_target_t == o_word_t.next + {6'd0, base_a_t[3:0]});
      EarlyTargetInX: assert (!exp_valid_q || !early_t || redirect_t || o_valid_t || !x_exec_t || early_target_t == x_guess);
      // A word in O that reads a read-only source holds its value in the bypass register (the
      // source may change after the word left R).
      SourceInOBypassed: assert (!o_valid_t || o_word_t.ra < evd_pkg::REG_SRC_FIRST || use_a_t);
      // R is empty only while a redirect or an early dispatch waits for its fetch.
      RFilled: assert (redirect_t || early_t || r_valid_t);
      // The oldest word present is the flow's next.
      OldestInO: assert (redirect_t || x_exec_t || !o_valid_t || !exp_valid_q || o_pc_t == exp_pc_q);
      OldestInR: assert (redirect_t || x_exec_t || o_valid_t || !r_valid_t || !exp_valid_q || r_pc_t == exp_pc_q);
      // The words in O and X keep the assembler's rules, as the ROM's output does.
      RulesInO: assert (!o_valid_t || keeps_rules(o_word_t.op, o_word_t.alu, o_word_t.ra, o_word_t.cond, o_word_t.call, o_ed_q));
      RulesInX: assert (!x_exec_t || keeps_rules(x_word_t.op, x_word_t.alu, x_word_t.ra, x_word_t.cond, x_word_t.call, x_ed_q));
      // X's kind of condition, decoded as the word entered X, is its word's.
      XConditionDecoded: assert (!x_exec_t || x_cz_t == (x_word_t.cond == evd_pkg::CondZ || x_word_t.cond == evd_pkg::CondNz ||
                                                         x_word_t.cond == evd_pkg::CondZt || x_word_t.cond == evd_pkg::CondNzt));
      // Each younger word is what the fetch guessed behind the older one (while the path is
      // defined: after a ret on an empty stack the words in flight are whatever it fetched).
      GuessBehindX: assert (!exp_valid_q || redirect_t || !x_exec_t || !o_valid_t || x_ret_unknown || o_pc_t == x_guess);
      GuessBehindXinR: assert (!exp_valid_q || redirect_t || early_t || !x_exec_t || o_valid_t || !r_valid_t || x_ret_unknown ||
                               r_pc_t == x_guess);
      GuessBehindO: assert (!exp_valid_q || redirect_t || early_t || !o_valid_t || !r_valid_t ||
                            (o_word_t.cond == evd_pkg::CondRet && !o_ret_known) || r_pc_t == o_next);
    end
  end
endmodule
