// The VM-entry microcode unit: carries out VMLAUNCH/VMRESUME, delivers events through the guest
// IDT, handles faults met during delivery and single-steps the guest with the monitor trap flag.
//
// Ports: one packed struct per group, evd_pkg::<group>_t, generated with its fields and their
// meaning from the port rows of microcode/encodings.tbl (all handshakes complete on the rising
// edge where request and acknowledge are both 1):
//   entry_req_i / entry_rsp_o  the VMM's VMLAUNCH (launch = 1) or VMRESUME; taken while idle
//   vmcs_req_o / vmcs_rsp_i    reads and writes of the current VMCS image, one field at a time
//   mem_req_o / mem_rsp_i      guest-memory reads and writes (1, 2, 4 or 8 bytes); the answer is
//                              data, or a fault (vector, error code, and on rdata the faulting
//                              linear address)
//   strm_item_i / strm_ctl_o   the guest's instruction outcomes and events, one item at a time; the
//                              port shows the item at the head (or, in stream mode "events only",
//                              the first event) and the unit pops it; last says the item ends its
//                              group of events; wait_item says the guest has nothing to do until an
//                              item arrives
//   side_o                     the run ends (done: a VM exit, its fields in the VMCS, or with
//                              done_vmfail a VMfailValid); writes of the guest's CR2; one SMM
//                              round trip (an SMI taken with the default treatment, and RSM)
//   cfg_i                      configuration straps (evd_pkg::CFG_*), the config keys of the vector format
//   trace_o                    (EVD_TRACE) the address of the microcode word and whether it executes
module evd_top #(
  parameter UcodeFile = "ucode.hex"
) (
  input  logic                      clk_i,
  input  logic                      rst_ni,
  input  logic [evd_pkg::CFG_W-1:0] cfg_i,

  input  evd_pkg::entry_req_t       entry_req_i,
  output evd_pkg::entry_rsp_t       entry_rsp_o,
  output evd_pkg::vmcs_req_t        vmcs_req_o,
  input  evd_pkg::vmcs_rsp_t        vmcs_rsp_i,
  output evd_pkg::mem_req_t         mem_req_o,
  input  evd_pkg::mem_rsp_t         mem_rsp_i,
  input  evd_pkg::strm_item_t       strm_item_i,
  output evd_pkg::strm_ctl_t        strm_ctl_o,
  output evd_pkg::side_t            side_o

`ifdef EVD_TRACE
  ,
  output evd_pkg::trace_t           trace_o
`endif
);
`include "evd_assert.svh"

  // The pipeline (rtl/README.md): the ROM delivers a word into R; its registers are read as it
  // leaves R, its operands chosen and registered as it leaves O, and it spends one or more cycles
  // in X, where this module decodes its operation, talks to the ports and completes it. Every
  // output comes from registers: the word in X, its operands (evd_dp) and the boundary registers
  // below.
  evd_pkg::uinstr_t             r_word;
  // The sequencer and the datapath take what they need of the words in O and X; X's address goes
  // to the trace port only.
  /* verilator lint_off UNUSEDSIGNAL */
  evd_pkg::uinstr_t             o_word, x_word;
  logic [evd_pkg::UADDR_W-1:0]  x_pc;
  /* verilator lint_on UNUSEDSIGNAL */
  logic [evd_pkg::UWORD_W-1:0]  rom_data;
  logic [evd_pkg::UADDR_W-1:0]  rom_addr;
  logic                         rom_en, r_move, o_move, o_valid, x_exec, x_free, word_done, r_hold;
  logic                         o_hold, alu_take, r_reads_src, o_changes_src, x_changes_src;
  logic                         x_redirect, x_cz_q, x_cother, fresh, stale_q, stale_d;
  logic [63:0]                  opa, opw, src_a, port_data;
  logic                         wr_en, op_legal;
  logic                         launch_q, launch_d;
  logic                         evonly_q, evonly_d;
  logic [7:0]                   mfvec_q, mfvec_d;
  logic [31:0]                  mfec_q, mfec_d;
  logic [63:0]                  mfaddr_q, mfaddr_d;
  logic [evd_pkg::CFG_W-1:0]    cfg_q;
  logic                         svalid_q;

  evd_urom #(.UcodeFile(UcodeFile)) u_urom (
    .clk_i  (clk_i),
    .en_i   (rom_en),
    .addr_i (rom_addr),
    .data_o (rom_data)
  );
  assign r_word = rom_data;

  //////// Boundary registers ////////
  // The straps enter through a register; the stream item's fields reach the datapath through the
  // bypass register of operand A (evd_dp), its valid bit through svalid_q for swait and
  // wait_item, and directly the branch outcome, which is registered too. The item the testbench
  // shows after a pop (or a change of stream mode) arrives in the next cycle: a word in R that
  // reads the item does not leave R at the edge where the pop completes (r_hold), and svalid_q
  // is stale for one cycle (fresh).
  always_ff @(posedge clk_i) begin
    cfg_q    <= cfg_i;
    svalid_q <= strm_item_i.valid;
  end
  assign fresh = ~stale_q;

  //////// X: operation decode, port requests, and when the word completes ////////
  // Every field of every output group gets its default first; the case sets the strobes.
  always_comb begin
    entry_rsp_o        = '0;
    vmcs_req_o         = '0;
    vmcs_req_o.field   = x_word.imm;
    vmcs_req_o.wdata   = opa;
    mem_req_o          = '0;
    mem_req_o.addr     = opa;
    mem_req_o.size     = x_word.size;
    mem_req_o.wdata    = opw;
    strm_ctl_o         = '0;
    strm_ctl_o.evonly  = evonly_q;
    side_o             = '0;
    side_o.cr2         = opa;
    word_done          = 1'b1;
    wr_en              = 1'b0;
    op_legal           = 1'b1;
    unique case (x_word.op)
      // ALU only
      evd_pkg::OpNop:   wr_en = 1'b1;
      // VMCS field read
      evd_pkg::OpVmrd: begin
        vmcs_req_o.req = x_exec;
        word_done      = vmcs_rsp_i.ack;
        wr_en          = vmcs_rsp_i.ack;
      end
      // VMCS field write (the ALU result goes to rd as the write completes)
      evd_pkg::OpVmwr: begin
        vmcs_req_o.req = x_exec;
        vmcs_req_o.we  = 1'b1;
        word_done      = vmcs_rsp_i.ack;
        wr_en          = vmcs_rsp_i.ack;
      end
      // guest-memory read: the data, unless the access faults
      evd_pkg::OpMrd: begin
        mem_req_o.req = x_exec;
        word_done     = mem_rsp_i.ack;
        wr_en         = mem_rsp_i.ack & ~mem_rsp_i.fault;
      end
      // guest-memory write of register rb; the ALU result goes to rd as the write completes, so a
      // push can step the stack pointer in the same word
      evd_pkg::OpMwr: begin
        mem_req_o.req = x_exec;
        mem_req_o.we  = 1'b1;
        word_done     = mem_rsp_i.ack;
        wr_en         = mem_rsp_i.ack;
      end
      // consume the stream item (the one the microcode looked at: the view is fresh); with no item
      // shown it waits, as swait does, so that no ROM content can pop an item that is not there
      evd_pkg::OpSpop: begin
        strm_ctl_o.pop = x_exec & fresh & svalid_q;
        word_done      = fresh & svalid_q;
        wr_en          = fresh & svalid_q;
      end
      // the guest waits for a stream item
      evd_pkg::OpSwait: begin
        strm_ctl_o.wait_item = x_exec & fresh & ~svalid_q;
        word_done            = fresh & svalid_q;
      end
      // the unit waits for a VM-entry request
      evd_pkg::OpEwait: begin
        entry_rsp_o.ready = x_exec;
        word_done         = entry_req_i.valid;
      end
      // end of the run (imm[0]: VMfailValid)
      evd_pkg::OpDone: begin
        side_o.done        = x_exec;
        side_o.done_vmfail = x_exec & x_word.imm[0];
      end
      // guest CR2
      evd_pkg::OpCr2w:  side_o.cr2_we = x_exec;
      // stream mode
      evd_pkg::OpSmode: ;
      // an SMI handled by the SMM handler, and RSM
      evd_pkg::OpSmm:   side_o.smm = x_exec;
      default:          op_legal = 1'b0;
    endcase
  end

  assign x_free  = ~x_exec | word_done;
  assign port_data = (x_word.op == evd_pkg::OpVmrd) ? vmcs_rsp_i.rdata : mem_rsp_i.rdata;

  // Whether X's condition leaves the path the sequencer fetched (the fall-through, or for jz.t and
  // jnz.t the target: evd_alu's take_o is then already inverted), for the sequencer to register.
  // The kind of condition is decoded as the word enters X, so that the ALU's outcome is one LUT
  // from the sequencer.
  always_ff @(posedge clk_i) begin
    if (o_move) begin
      x_cz_q <= o_word.cond == evd_pkg::CondZ || o_word.cond == evd_pkg::CondNz ||
                o_word.cond == evd_pkg::CondZt || o_word.cond == evd_pkg::CondNzt;
    end
  end
  always_comb begin
    unique case (x_word.cond)
      evd_pkg::CondSvalid:  x_cother = strm_item_i.valid;
      evd_pkg::CondSempty:  x_cother = ~strm_item_i.valid;
      evd_pkg::CondFault:   x_cother = mem_rsp_i.fault;
      evd_pkg::CondNofault: x_cother = ~mem_rsp_i.fault;
      default:              x_cother = 1'b0;
    endcase
  end
  assign x_redirect = x_cz_q ? alu_take : x_cother;

  // The read-only sources change as a pop, a change of stream mode, a memory access (its fault)
  // or the entry request completes: a word in R that reads a source does not leave R while such
  // a word is in O or X (the testbench shows the next stream item in the cycle after a pop).
  function automatic logic changes_src(input evd_pkg::uop_e op);
    changes_src = (op == evd_pkg::OpSpop || op == evd_pkg::OpSmode || op == evd_pkg::OpMrd ||
                   op == evd_pkg::OpMwr || op == evd_pkg::OpEwait);
  endfunction
  assign o_changes_src = o_valid & changes_src(o_word.op);
  assign x_changes_src = x_exec & changes_src(x_word.op);
  assign r_reads_src   = r_word.ra >= evd_pkg::REG_SRC_FIRST;
  assign r_hold        = r_reads_src & (o_changes_src | x_changes_src);
  assign stale_d       = x_exec & x_free & (x_word.op == evd_pkg::OpSpop || x_word.op == evd_pkg::OpSmode);

  evd_seq u_seq (
    .clk_i      (clk_i),
    .rst_ni     (rst_ni),
    .r_word_i   (r_word),
    .x_free_i   (x_free),
    .r_hold_i   (r_hold),
    .o_hold_i   (o_hold),
    .x_redirect_i (x_redirect),
    .r_src_i    (r_reads_src),
    .r_src_low_i(src_a[3:0]),
    .x_flush_i  (x_word.op == evd_pkg::OpEwait),
    .o_word_o   (o_word),
    .o_valid_o  (o_valid),
    .x_word_o   (x_word),
    .x_exec_o   (x_exec),
    .x_pc_o     (x_pc),
    .r_move_o   (r_move),
    .o_move_o   (o_move),
    .rom_addr_o (rom_addr),
    .rom_en_o   (rom_en)
  );

  //////// R: the read-only source R's ra names ////////
  always_comb begin
    src_a = 64'd0;
    unique case (r_word.ra)
      evd_pkg::REG_CFG:    src_a = {launch_q, {(63-evd_pkg::CFG_W){1'b0}}, cfg_q};
      evd_pkg::REG_SKIND:  src_a = {60'd0, strm_item_i.kind};
      evd_pkg::REG_SLEN:   src_a = {60'd0, strm_item_i.len};
      evd_pkg::REG_SARG:   src_a = {32'd0, strm_item_i.arg};
      evd_pkg::REG_SEC:    src_a = {32'd0, strm_item_i.ec};
      evd_pkg::REG_SADDR:  src_a = strm_item_i.addr;
      evd_pkg::REG_SLAST:  src_a = {63'd0, strm_item_i.last};
      evd_pkg::REG_MFVEC:  src_a = {56'd0, mfvec_q};
      evd_pkg::REG_MFEC:   src_a = {32'd0, mfec_q};
      evd_pkg::REG_MFADDR: src_a = mfaddr_q;
      default:             src_a = 64'd0;
    endcase
  end

  evd_dp u_dp (
    .clk_i      (clk_i),
    .r_ra_i     (r_word.ra),
    .r_rb_i     (r_word.rb),
    .r_move_i   (r_move),
    .o_ra_i     (o_word.ra),
    .o_rb_i     (o_word.rb),
    .o_bimm_i   (o_word.bimm),
    .o_imm_i    (o_word.imm),
    .o_alu_i    (o_word.alu),
    .o_valid_i  (o_valid),
    .o_port_i   (o_word.op == evd_pkg::OpVmrd || o_word.op == evd_pkg::OpMrd),
    .o_nz_i     (o_word.cond == evd_pkg::CondNz || o_word.cond == evd_pkg::CondZt),
    .o_move_i   (o_move),
    .x_rd_i     (x_word.rd),
    .wr_en_i    (x_exec & x_free & wr_en),
    .src_a_i    (src_a),
    .port_data_i(port_data),
    .opa_o      (opa),
    .opw_o      (opw),
    .o_hold_o   (o_hold),
    .take_o     (alu_take)
  );

  //////// Unit state beside the register file ////////
  always_comb begin
    launch_d = launch_q;
    evonly_d = evonly_q;
    mfvec_d  = mfvec_q;
    mfec_d   = mfec_q;
    mfaddr_d = mfaddr_q;
    if (x_exec && x_word.op == evd_pkg::OpEwait && entry_req_i.valid) launch_d = entry_req_i.launch;
    if (x_exec && x_word.op == evd_pkg::OpSmode) evonly_d = x_word.imm[0];
    // a faulting access leaves its vector, error code and linear address for the microcode
    if (mem_req_o.req && mem_rsp_i.ack && mem_rsp_i.fault) begin
      mfvec_d  = mem_rsp_i.fvec;
      mfec_d   = mem_rsp_i.fec;
      mfaddr_d = mem_rsp_i.rdata;
    end
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      launch_q <= 1'b0;
      evonly_q <= 1'b0;
      mfvec_q  <= '0;
      mfec_q   <= '0;
      mfaddr_q <= '0;
      stale_q  <= 1'b0;
    end else begin
      launch_q <= launch_d;
      evonly_q <= evonly_d;
      mfvec_q  <= mfvec_d;
      mfec_q   <= mfec_d;
      mfaddr_q <= mfaddr_d;
      stale_q  <= stale_d;
    end
  end

`ifdef EVD_TRACE
  assign trace_o.upc  = x_pc;
  assign trace_o.exec = x_exec;
  // Registered: a port word completes on the testbench's answer, which comes after the outputs.
  // wrote_q's condition is evd_dp's x_wr, written again here: computed once in evd_top, the
  // same logic placed below 60 MHz on the HX8K (59.9 MHz median).
  logic retired_q, wrote_q;
  always_ff @(posedge clk_i) begin
    retired_q <= rst_ni & x_exec & x_free;
    wrote_q   <= rst_ni & x_exec & x_free & wr_en & x_word.rd != 6'd0 & x_word.rd < evd_pkg::REG_SRC_FIRST;
  end
  assign trace_o.retire = retired_q;
  assign trace_o.wr     = wrote_q;
`endif

  //////// Assertions ////////
  // An illegal word (the microcode's `trap` branches to itself) fails once, as it starts to execute:
  // a re-run that records the waveform goes on to the watchdog without a report every cycle.
  `EVD_ASSERT(LegalOp, !x_exec || op_legal || $past(x_exec && !op_legal), clk_i, rst_ni)
  `EVD_ASSERT(OnePortAtATime, !(vmcs_req_o.req && mem_req_o.req), clk_i, rst_ni)
  `EVD_ASSERT(PopNeedsItem, !strm_ctl_o.pop || strm_item_i.valid, clk_i, rst_ni)
  // A request stays up, unchanged (every field of its group), until it is acknowledged: no new
  // request while one is outstanding.
  `EVD_ASSERT(VmcsRequestHeld, !$past(vmcs_req_o.req && !vmcs_rsp_i.ack) || $stable(vmcs_req_o), clk_i, rst_ni)
  `EVD_ASSERT(MemRequestHeld, !$past(mem_req_o.req && !mem_rsp_i.ack) || $stable(mem_req_o), clk_i, rst_ni)
  `EVD_ASSERT(PortOperandsFromRegisters, !(vmcs_req_o.req || mem_req_o.req) ||
              (x_word.ra < evd_pkg::REG_SRC_FIRST && x_word.rb < evd_pkg::REG_SRC_FIRST),
              clk_i, rst_ni)
  // jfault and jnofault read the memory port's fault, which the port defines only in the answer to
  // the word's own access (the assembler refuses them on other words); a condition code past
  // jnz.t names no branch.
  `EVD_ASSERT(FaultTestOnAccess, !x_exec || !(x_word.cond == evd_pkg::CondFault || x_word.cond == evd_pkg::CondNofault) ||
              x_word.op == evd_pkg::OpMrd || x_word.op == evd_pkg::OpMwr, clk_i, rst_ni)
  `EVD_ASSERT(LegalCond, !x_exec || x_word.cond <= evd_pkg::CondNzt, clk_i, rst_ni)
  // jz, jnz, jz.t and jnz.t test a zero computed beside the ALU (evd_alu) for and, or, xor, sub,
  // bit, ltu and mov only; the assembler refuses them after any other function.
  `EVD_ASSERT(ZeroTestDefined, !x_exec || !(x_word.cond == evd_pkg::CondZ || x_word.cond == evd_pkg::CondNz ||
              x_word.cond == evd_pkg::CondZt || x_word.cond == evd_pkg::CondNzt) ||
              x_word.alu == evd_pkg::AluAnd || x_word.alu == evd_pkg::AluOr || x_word.alu == evd_pkg::AluXor ||
              x_word.alu == evd_pkg::AluSub || x_word.alu == evd_pkg::AluBit || x_word.alu == evd_pkg::AluLtu ||
              x_word.alu == evd_pkg::AluPassa, clk_i, rst_ni)
  // Read-only sources are operand A only (the assembler refuses them as B).
  `EVD_ASSERT(SourcesAreOperandA, !x_exec || x_word.rb < evd_pkg::REG_SRC_FIRST, clk_i, rst_ni)
  `EVD_ASSERT(AckOnlyOnRequest, !(vmcs_rsp_i.ack && !vmcs_req_o.req) && !(mem_rsp_i.ack && !mem_req_o.req),
              clk_i, rst_ni)
endmodule
