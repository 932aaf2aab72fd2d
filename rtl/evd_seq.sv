// Microcode sequencer: fetch (F), the word in read (R) and the word in execute (X).
//
// Why it looks like this: every flow of the unit is microcode, so the sequencer is the only
// control logic. Each microword names its own next address and a condition (Arlet's 6502,
// fx68k). The ROM and the register file are block RAM read on the rising edge, so a word spends
// one cycle in R (the ROM has just delivered it; its operands are read at the end of the cycle)
// and one or more in X (it computes, talks to a port, and writes its result as it completes).
//
// Branches are decided where their inputs are known, never on a path from the ALU to the ROM:
//  - in R, from the word alone: goto and call (to `next`), ret (the top of the return stack);
//    the next fetch follows at once, no cycle lost;
//  - in X, from the word's result or the ports (jz, jnz, jsvalid, jsempty, jfault, jnofault, and
//    disp to next + result[3:0]): the outcome is registered (redirect_q, target_q) and only then
//    steers the fetch. The sequencer fetches the fall-through meanwhile; a taken branch drops the
//    two words behind it (two cycles), a branch not taken costs nothing.
// A word that waits (a port handshake, a stream item) holds F, R and X. The return stack (four
// entries) is pushed and popped as call and ret words complete in X, so that X's branch outcome
// never reaches it; a ret in R takes the address X's word is about to push or leave on top.
module evd_seq (
  input  logic                        clk_i,
  input  logic                        rst_ni,
  input  evd_pkg::uinstr_t            r_word_i,    // the ROM's output: the word in R
  input  logic                        x_free_i,    // X completes its word at this edge, or has none
  input  logic                        r_hold_i,    // the word in R may not enter X yet
  input  logic                        x_taken_i,   // X's word: its condition holds
  input  logic [3:0]                  x_low_i,     // X's word: ALU result[3:0], for disp
  input  logic                        x_flush_i,   // X's word empties the return stack (the unit idles)
  output evd_pkg::uinstr_t            x_word_o,    // the word in X
  output logic                        x_exec_o,    // X holds a word on the path taken: it executes
  output logic [evd_pkg::UADDR_W-1:0] x_pc_o,      // its address
  output logic                        r_move_o,    // R's word moves to X at this edge (its operands are read)
  output logic [evd_pkg::UADDR_W-1:0] rom_addr_o,  // the next fetch
  output logic                        rom_en_o
);
  evd_pkg::uinstr_t            x_word_q;
  logic [evd_pkg::UADDR_W-1:0] r_pc_q, r_pc_d, x_pc_q, target_q, target_d, fetch;
  logic [evd_pkg::UADDR_W-1:0] ret_q [4];
  logic [1:0]                  rsp_q, rsp_d;
  logic                        r_valid_q, r_valid_d, x_valid_q, x_valid_d;
  logic                        redirect_q, redirect_d;
  logic [evd_pkg::UADDR_W-1:0] ret_top;
  logic                        r_live, r_stay, r_leaves, push, pop, x_late;

  function automatic logic cond_in_x(input evd_pkg::cond_e c);
    cond_in_x = !(c == evd_pkg::CondAlways || c == evd_pkg::CondRet);
  endfunction

  assign x_exec_o = x_valid_q & ~redirect_q;
  assign x_late   = cond_in_x(x_word_q.cond);

  // X's outcome, registered: a taken condition, or a dispatch.
  assign redirect_d = x_exec_o & x_free_i & x_late & (x_word_q.cond == evd_pkg::CondDisp || x_taken_i);
  assign target_d   = x_word_q.next + ((x_word_q.cond == evd_pkg::CondDisp) ?
                                       {{(evd_pkg::UADDR_W-4){1'b0}}, x_low_i} : '0);

  // R's word is on the path taken unless X's branch (registered last cycle, or now) drops it.
  // A word held in R stays even when X redirects now: the redirect drops it next cycle, and the
  // ROM's enable does not wait for X's condition.
  assign r_live   = r_valid_q & ~redirect_q & ~redirect_d;
  assign r_stay   = r_valid_q & ~redirect_q & r_hold_i;
  assign r_leaves = x_free_i & ~r_stay;
  assign push     = x_exec_o & x_free_i & x_word_q.call;
  assign pop      = x_exec_o & x_free_i & (x_word_q.cond == evd_pkg::CondRet);

  // The return address a ret in R takes: X's word has not yet pushed or popped.
  always_comb begin
    if (x_exec_o && x_word_q.call)                        ret_top = x_pc_q + 1'b1;
    else if (x_exec_o && x_word_q.cond == evd_pkg::CondRet) ret_top = ret_q[rsp_q - 2'd2];
    else                                                  ret_top = ret_q[rsp_q - 2'd1];
  end

  // The next fetch, from registers and the ROM's output only.
  always_comb begin
    if (redirect_q)                                 fetch = target_q;
    else if (r_word_i.cond == evd_pkg::CondAlways)  fetch = r_word_i.next;
    else if (r_word_i.cond == evd_pkg::CondRet)     fetch = ret_top;
    else                                            fetch = r_pc_q + 1'b1;
  end

  always_comb begin
    r_pc_d    = r_pc_q;
    r_valid_d = r_valid_q;
    x_valid_d = x_valid_q;
    rsp_d     = rsp_q;
    if (x_free_i) begin
      x_valid_d = r_live & ~r_stay;
      if (!r_stay) begin
        r_pc_d    = fetch;
        r_valid_d = ~redirect_d;
      end
    end
    if (push) rsp_d = rsp_q + 2'd1;
    if (pop)  rsp_d = rsp_q - 2'd1;
    // A flow that ends in an exit may leave calls open: idle starts from an empty stack.
    if (x_exec_o && x_free_i && x_flush_i) rsp_d = 2'd0;
  end

  // Reset starts with a redirect to address 0: the ROM's first output is no word.
  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      r_pc_q     <= '0;
      r_valid_q  <= 1'b0;
      x_valid_q  <= 1'b0;
      rsp_q      <= '0;
      redirect_q <= 1'b1;
      target_q   <= '0;
    end else begin
      r_pc_q     <= r_pc_d;
      r_valid_q  <= r_valid_d;
      x_valid_q  <= x_valid_d;
      rsp_q      <= rsp_d;
      redirect_q <= redirect_d;
      if (redirect_d) target_q <= target_d;
    end
  end

  // The word and its address in X, and the return stack, hold data only: no reset.
  always_ff @(posedge clk_i) begin
    if (x_free_i && !r_stay) begin
      x_word_q <= r_word_i;
      x_pc_q   <= r_pc_q;
    end
    if (push) ret_q[rsp_q] <= x_pc_q + 1'b1;
  end

`include "evd_assert.svh"
  `EVD_ASSERT(ReturnStackNoOverflow, !(push && rsp_q == 2'd3), clk_i, rst_ni)
  `EVD_ASSERT(ReturnStackNoUnderflow, !(pop && rsp_q == 2'd0), clk_i, rst_ni)
  // call is decided in R: it may only go with goto's condition.
  `EVD_ASSERT(CallIsUnconditional, !(x_exec_o && x_word_q.call) || x_word_q.cond == evd_pkg::CondAlways,
              clk_i, rst_ni)
  `EVD_ASSERT(NoCallBesideFlush, !(x_exec_o && x_free_i && x_flush_i && (push || pop)), clk_i, rst_ni)

  assign x_word_o   = x_word_q;
  assign x_pc_o     = x_pc_q;
  assign r_move_o   = r_leaves;
  assign rom_addr_o = fetch;
  assign rom_en_o   = r_leaves;
endmodule
