// Microcode sequencer: the four stages' words, the fetch address, the return stack.
//
// Why it looks like this: every flow of the unit is microcode, so the sequencer is the only
// control logic. Each microword names its own next address and a condition (Arlet's 6502,
// fx68k). The ROM and the register file are block RAM read on the rising edge, so a word passes
// F (the ROM reads it), R (the ROM shows it; its registers are read as it leaves), O (its
// operands are chosen and registered, evd_dp) and X (it computes, talks to a port, and writes its
// result as it completes; a port wait holds every stage).
//
// Branches are decided where their inputs are registered, never on a path from the ALU to the ROM:
//  - in R, from the word alone: goto and call (to `next`), ret (the return address, taking the
//    calls and rets still in O and X into account); the next fetch follows at once; jz.t and
//    jnz.t (branches usually taken) are fetched as taken;
//  - in R too, disp (to next + A[3:0]): it reads a read-only source (the stream item's kind), which
//    R registers anyway, so the fetch takes its target in the next cycle. A dispatch on a register
//    has no hardware: its value is data no proof bounds (microcode/README.md);
//  - in X, from the word's result or the ports (jz, jnz, jsvalid, jsempty, jfault, jnofault): the
//    outcome is registered (redirect_q, target_q) and only then steers the fetch. The sequencer
//    fetches the fall-through meanwhile (the target for jz.t and jnz.t); a wrong guess drops the
//    three words behind the branch (three cycles), a right one costs nothing.
// The return stack (four entries) is pushed and popped as call and ret words complete in X.
module evd_seq (
  input  logic                        clk_i,
  input  logic                        rst_ni,
  input  evd_pkg::uinstr_t            r_word_i,    // the ROM's output: the word in R
  input  logic                        x_free_i,    // X completes its word at this edge, or has none
  input  logic                        r_hold_i,    // the word in R may not leave R yet
  input  logic                        o_hold_i,    // the word in O stays in O at this edge
  input  logic                        x_redirect_i, // X's word: its condition leaves the path fetched (0 for goto, call, ret)
  input  logic                        r_src_i,     // R's word reads a read-only source as A
  input  logic [3:0]                  r_src_low_i, // ... whose bits 3:0 are these, for disp
  input  logic                        x_flush_i,   // X's word empties the return stack (the unit idles)
  output evd_pkg::uinstr_t            o_word_o,    // the word in O
  output logic                        o_valid_o,
  output evd_pkg::uinstr_t            x_word_o,    // the word in X
  output logic                        x_exec_o,    // X holds a word on the path taken: it executes
  output logic [evd_pkg::UADDR_W-1:0] x_pc_o,      // its address
  output logic                        r_move_o,    // R's word moves to O at this edge (its registers are read)
  output logic                        o_move_o,    // O's word moves to X at this edge
  output logic [evd_pkg::UADDR_W-1:0] rom_addr_o,  // the next fetch
  output logic                        rom_en_o
);
  evd_pkg::uinstr_t            o_word_q, x_word_q;
  logic [evd_pkg::UADDR_W-1:0] r_pc_q, r_pc_d, o_pc_q, x_pc_q, target_q, target_d, fetch, ret_top;
  logic [evd_pkg::UADDR_W-1:0] ret_q [4];
  logic [1:0]                  rsp_q, rsp_d;
  logic                        r_valid_q, r_valid_d, o_valid_q, o_valid_d, x_valid_q, x_valid_d;
  logic                        redirect_q, redirect_d, early_q, early_d, early_disp;
  logic [evd_pkg::UADDR_W-1:0] early_target_q;
  evd_pkg::uinstr_t            r_word_o;
  logic                        r_stay, r_leaves, push, pop, x_likely, o_call, o_ret, x_call, x_ret;

  assign x_exec_o = x_valid_q;

  // X's outcome, registered: a taken condition, or a jz.t/jnz.t not taken (R fetched its target;
  // x_redirect_i is then the condition's complement). It also drops the words behind X as they
  // move at this edge.
  assign x_likely   = x_word_q.cond == evd_pkg::CondZt || x_word_q.cond == evd_pkg::CondNzt;
  assign redirect_d = x_exec_o & x_free_i & x_redirect_i;
  assign target_d   = x_likely ? x_pc_q + 1'b1 : x_word_q.next;

  // A word held in R (r_hold) or O (o_hold) stays, with the words behind it; X gets no word at
  // the next edge.
  assign r_stay   = r_valid_q & r_hold_i;
  assign r_leaves = x_free_i & ~r_stay & ~o_hold_i;

  // A disp (on a read-only source, the stream item's kind) is decided as it leaves R: the source
  // is registered there anyway, so the target is too (early_target_q), and the fetch takes it in
  // the next cycle, dropping one word instead of three. The word goes on as a goto (r_word_o).
  // A redirect from X at the same edge drops the word; its early_q then yields to redirect_q,
  // which the fetch takes first, and is gone with that fetch.
  assign early_disp = r_valid_q & r_src_i & (r_word_i.cond == evd_pkg::CondDisp);
  assign early_d    = (r_leaves & early_disp) | (early_q & ~r_leaves);
  always_comb begin
    r_word_o = r_word_i;
    if (early_disp) r_word_o.cond = evd_pkg::CondAlways;
  end

  // The return stack moves as X completes a call or a ret.
  assign push = x_exec_o & x_free_i & x_word_q.call;
  assign pop  = x_exec_o & x_free_i & (x_word_q.cond == evd_pkg::CondRet);

  // The return address a ret in R takes: the calls and rets in O and X have not moved the stack.
  assign o_call = o_valid_q & o_word_q.call;
  assign o_ret  = o_valid_q & (o_word_q.cond == evd_pkg::CondRet);
  assign x_call = x_valid_q & x_word_q.call;
  assign x_ret  = x_valid_q & (x_word_q.cond == evd_pkg::CondRet);
  always_comb begin
    if (o_call)      ret_top = o_pc_q + 1'b1;
    else if (o_ret)  ret_top = x_call ? ret_q[rsp_q - 2'd1] : x_ret ? ret_q[rsp_q - 2'd3] : ret_q[rsp_q - 2'd2];
    else             ret_top = x_call ? x_pc_q + 1'b1 : x_ret ? ret_q[rsp_q - 2'd2] : ret_q[rsp_q - 2'd1];
  end

  // The next fetch, from registers and the ROM's output only.
  always_comb begin
    if (redirect_q)                                 fetch = target_q;
    else if (early_q)                               fetch = early_target_q;
    else if (r_word_i.cond == evd_pkg::CondAlways || r_word_i.cond == evd_pkg::CondZt ||
             r_word_i.cond == evd_pkg::CondNzt)      fetch = r_word_i.next;
    else if (r_word_i.cond == evd_pkg::CondRet)     fetch = ret_top;
    else                                            fetch = r_pc_q + 1'b1;
  end

  always_comb begin
    r_pc_d    = r_pc_q;
    r_valid_d = r_valid_q;
    o_valid_d = o_valid_q;
    x_valid_d = x_valid_q;
    rsp_d     = rsp_q;
    if (x_free_i) begin
      x_valid_d = o_valid_q & ~o_hold_i & ~redirect_d;
      o_valid_d = (o_hold_i ? o_valid_q : r_valid_q & ~r_stay) & ~redirect_d;
      if (r_leaves) begin
        r_pc_d    = fetch;
        r_valid_d = ~redirect_d & ~early_disp;
      end else if (redirect_d) begin
        r_valid_d = 1'b0;
      end
    end
    if (push) rsp_d = rsp_q + 2'd1;
    if (pop)  rsp_d = rsp_q - 2'd1;
    // A flow that ends in an exit may leave calls open: idle starts from an empty stack.
    if (x_exec_o && x_free_i && x_flush_i) rsp_d = 2'd0;
  end

  // Reset starts with a redirect to address 0: the ROM's first output is no word.
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      r_pc_q     <= '0;
      r_valid_q  <= 1'b0;
      o_valid_q  <= 1'b0;
      x_valid_q  <= 1'b0;
      rsp_q      <= '0;
      redirect_q <= 1'b1;
      target_q   <= '0;
      early_q    <= 1'b0;
    end else begin
      r_pc_q     <= r_pc_d;
      r_valid_q  <= r_valid_d;
      o_valid_q  <= o_valid_d;
      x_valid_q  <= x_valid_d;
      rsp_q      <= rsp_d;
      redirect_q <= redirect_d;
      early_q    <= early_d;
      if (redirect_d) target_q <= target_d;
    end
  end

  // The words and their addresses in O and X, the early dispatch's target and the return stack
  // hold data only: no reset.
  always_ff @(posedge clk_i) begin
    if (x_free_i) begin
      x_word_q <= o_word_q;
      x_pc_q   <= o_pc_q;
    end
    if (r_leaves && early_disp) early_target_q <= r_word_i.next + {{(evd_pkg::UADDR_W-4){1'b0}}, r_src_low_i};
    if (r_leaves) begin
      o_word_q <= r_word_o;
      o_pc_q   <= r_pc_q;
    end
    if (push) ret_q[rsp_q] <= x_pc_q + 1'b1;
  end

`include "evd_assert.svh"
  `EVD_ASSERT(ReturnStackNoOverflow, !(push && rsp_q == 2'd3), clk_i, rst_ni)
  `EVD_ASSERT(ReturnStackNoUnderflow, !(pop && rsp_q == 2'd0), clk_i, rst_ni)
  // call is decided in R: it may only go with goto's condition.
  `EVD_ASSERT(CallIsUnconditional, !x_call || x_word_q.cond == evd_pkg::CondAlways, clk_i, rst_ni)
  // disp is decided in R on a read-only source, and goes on as a goto: one that reaches X as a
  // disp read a register, which no hardware dispatches on.
  `EVD_ASSERT(DispOnSource, !(x_exec_o && x_word_q.cond == evd_pkg::CondDisp), clk_i, rst_ni)
  `EVD_ASSERT(NoCallBesideFlush, !(x_exec_o && x_free_i && x_flush_i && (push || pop)), clk_i, rst_ni)
  // A run ends (done) and the guest idles (swait) outside every call: ewait empties the stack
  // whatever it holds, so an entry a stray call left there would go unseen.
  `EVD_ASSERT(RunEndsOutsideCalls, !(x_exec_o && (x_word_q.op == evd_pkg::OpDone || x_word_q.op == evd_pkg::OpSwait)) ||
              rsp_q == 2'd0, clk_i, rst_ni)

  assign o_word_o   = o_word_q;
  assign o_valid_o  = o_valid_q;
  assign x_word_o   = x_word_q;
  assign x_pc_o     = x_pc_q;
  assign r_move_o   = r_leaves;
  assign o_move_o   = x_free_i;
  assign rom_addr_o = fetch;
  assign rom_en_o   = r_leaves;
endmodule
