// Microcode sequencer.
//
// Why it looks like this: every flow of the unit (entry checks, injection, IDT delivery, nested
// faults, exits, MTF and events) is microcode, so the sequencer is the only control logic. Each
// microword names its own next address and a condition (Arlet's 6502, fx68k): a false condition
// falls through to upc + 1, a true one goes to `next`. The ROM read is synchronous, so the
// sequencer presents the address of the *next* word (upc_d) to the ROM and the word for upc_q
// arrives as the cycle begins. A word that talks to a port holds the sequencer until its
// handshake completes; a four-entry return stack (`call` / CondRet) serves shared tails.
// The first cycle after reset carries no valid word (the ROM data register is not reset).
module evd_seq (
  input  logic                        clk_i,
  input  logic                        rst_ni,
  input  evd_pkg::uinstr_t            uinstr_i,    // word at upc_q (ROM output)
  input  logic                        word_done_i, // the word's port handshake completes now
  input  logic                        flush_i,     // the unit is idle: empty the return stack
  // condition inputs, for the word at upc_q
  input  logic                        alu_zero_i,
  input  logic [3:0]                  alu_low_i,
  input  logic                        strm_valid_i,
  input  logic                        mem_fault_i,
  output logic                        exec_o,      // the word at upc_q is valid and executes
  output logic                        advance_o,   // ... and completes this cycle
  output logic [evd_pkg::UADDR_W-1:0] upc_o,       // address of the word being executed
  output logic [evd_pkg::UADDR_W-1:0] rom_addr_o   // address of the next word, to the ROM
);
  logic [evd_pkg::UADDR_W-1:0] upc_q, upc_d, fall;
  logic [evd_pkg::UADDR_W-1:0] ret_q [4];
  logic [1:0]                  rsp_q, rsp_d;   // return-stack depth pointer
  logic                        push, pop;
  logic                        uvalid_q;
  logic                        taken;

  assign exec_o    = uvalid_q;
  assign advance_o = uvalid_q & word_done_i;
  assign fall      = upc_q + 1'b1;

  // Condition of the word at upc_q.
  always_comb begin
    taken = 1'b0;
    unique case (uinstr_i.cond)
      evd_pkg::CondAlways:  taken = 1'b1;
      evd_pkg::CondZ:       taken = alu_zero_i;
      evd_pkg::CondNz:      taken = ~alu_zero_i;
      evd_pkg::CondRet:     taken = 1'b1;
      evd_pkg::CondDisp:    taken = 1'b1;
      evd_pkg::CondSvalid:  taken = strm_valid_i;
      evd_pkg::CondSempty:  taken = ~strm_valid_i;
      evd_pkg::CondFault:   taken = mem_fault_i;
      evd_pkg::CondNofault: taken = ~mem_fault_i;
      default:              taken = 1'b0;
    endcase
  end

  // Next address: hold while the word waits on a port, otherwise branch or fall through.
  always_comb begin
    upc_d = upc_q;
    rsp_d = rsp_q;
    push  = 1'b0;
    pop   = 1'b0;
    if (advance_o) begin
      if (!taken) begin
        upc_d = fall;
      end else if (uinstr_i.cond == evd_pkg::CondRet) begin
        upc_d = ret_q[rsp_q - 2'd1];
        pop   = 1'b1;
      end else if (uinstr_i.cond == evd_pkg::CondDisp) begin
        upc_d = uinstr_i.next + {{(evd_pkg::UADDR_W-4){1'b0}}, alu_low_i};
      end else begin
        upc_d = uinstr_i.next;
      end
      push = uinstr_i.call;
      if (push) rsp_d = rsp_q + 2'd1;
      if (pop) rsp_d = rsp_q - 2'd1;
      // A flow that ends in an exit may leave calls open: idle starts from an empty stack.
      if (flush_i) rsp_d = 2'd0;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      upc_q    <= '0;
      rsp_q    <= '0;
      uvalid_q <= 1'b0;
    end else begin
      upc_q    <= upc_d;
      rsp_q    <= rsp_d;
      uvalid_q <= 1'b1;
    end
  end

  // The return stack holds addresses only: no reset (a return always follows its call).
  always_ff @(posedge clk_i) begin
    if (push) ret_q[rsp_q] <= fall;
  end

`include "evd_assert.svh"
  `EVD_ASSERT(ReturnStackNoOverflow, !(push && rsp_q == 2'd3), clk_i, rst_ni)
  `EVD_ASSERT(ReturnStackNoUnderflow, !(pop && rsp_q == 2'd0), clk_i, rst_ni)

  assign upc_o      = upc_q;
  assign rom_addr_o = upc_d;
endmodule
