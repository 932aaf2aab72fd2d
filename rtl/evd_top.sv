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

  evd_pkg::uinstr_t             uinstr;
  logic [evd_pkg::UWORD_W-1:0]  rom_data;
  logic [evd_pkg::UADDR_W-1:0]  rom_addr, upc;
  logic                         exec, advance, word_done;
  logic [63:0]                  opa, opb_reg;
  logic [3:0]                   alu_low;
  logic                         alu_zero;
  logic                         wr_en, wr_port, op_legal;
  logic                         launch_q, launch_d;
  logic                         evonly_q, evonly_d;
  logic [7:0]                   mfvec_q, mfvec_d;
  logic [31:0]                  mfec_q, mfec_d;
  logic [63:0]                  mfaddr_q, mfaddr_d;
  logic [63:0]                  port_rdata;
  logic [63:0]                  src_cfg;

  evd_urom #(.UcodeFile(UcodeFile)) u_urom (
    .clk_i  (clk_i),
    .addr_i (rom_addr),
    .data_o (rom_data)
  );
  assign uinstr = rom_data;

  //////// Operation decode: port requests and when the word completes ////////
  // Every field of every output group gets its default first; the case sets the strobes.
  always_comb begin
    entry_rsp_o        = '0;
    vmcs_req_o         = '0;
    vmcs_req_o.field   = uinstr.imm;
    vmcs_req_o.wdata   = opa;
    mem_req_o          = '0;
    mem_req_o.addr     = opa;
    mem_req_o.size     = uinstr.size;
    mem_req_o.wdata    = opb_reg;
    strm_ctl_o         = '0;
    strm_ctl_o.evonly  = evonly_q;
    side_o             = '0;
    side_o.cr2         = opa;
    word_done          = 1'b1;
    wr_en              = 1'b0;
    wr_port            = 1'b0;
    op_legal           = 1'b1;
    unique case (uinstr.op)
      // ALU only
      evd_pkg::OpNop:   wr_en = 1'b1;
      // VMCS field read
      evd_pkg::OpVmrd: begin
        vmcs_req_o.req = exec;
        word_done      = vmcs_rsp_i.ack;
        wr_en          = vmcs_rsp_i.ack;
        wr_port        = 1'b1;
      end
      // VMCS field write (the ALU result goes to rd as the write completes)
      evd_pkg::OpVmwr: begin
        vmcs_req_o.req = exec;
        vmcs_req_o.we  = 1'b1;
        word_done      = vmcs_rsp_i.ack;
        wr_en          = vmcs_rsp_i.ack;
      end
      // guest-memory read: the data, unless the access faults
      evd_pkg::OpMrd: begin
        mem_req_o.req = exec;
        word_done     = mem_rsp_i.ack;
        wr_en         = mem_rsp_i.ack & ~mem_rsp_i.fault;
        wr_port       = 1'b1;
      end
      // guest-memory write of register rb; the ALU result goes to rd as the write completes, so a
      // push can step the stack pointer in the same word
      evd_pkg::OpMwr: begin
        mem_req_o.req = exec;
        mem_req_o.we  = 1'b1;
        word_done     = mem_rsp_i.ack;
        wr_en         = mem_rsp_i.ack;
      end
      // consume the stream item
      evd_pkg::OpSpop: begin
        strm_ctl_o.pop = exec;
        wr_en          = 1'b1;
      end
      // the guest waits for a stream item
      evd_pkg::OpSwait: begin
        strm_ctl_o.wait_item = exec & ~strm_item_i.valid;
        word_done            = strm_item_i.valid;
      end
      // the unit waits for a VM-entry request
      evd_pkg::OpEwait: begin
        entry_rsp_o.ready = exec;
        word_done         = entry_req_i.valid;
      end
      // end of the run (imm[0]: VMfailValid)
      evd_pkg::OpDone: begin
        side_o.done        = exec;
        side_o.done_vmfail = exec & uinstr.imm[0];
      end
      // guest CR2
      evd_pkg::OpCr2w:  side_o.cr2_we = exec;
      // stream mode
      evd_pkg::OpSmode: ;
      // an SMI handled by the SMM handler, and RSM
      evd_pkg::OpSmm:   side_o.smm = exec;
      default:          op_legal = 1'b0;
    endcase
  end

  assign port_rdata = (uinstr.op == evd_pkg::OpVmrd) ? vmcs_rsp_i.rdata : mem_rsp_i.rdata;

  evd_seq u_seq (
    .clk_i        (clk_i),
    .rst_ni       (rst_ni),
    .uinstr_i     (uinstr),
    .word_done_i  (word_done),
    .flush_i      (uinstr.op == evd_pkg::OpEwait),
    .alu_zero_i   (alu_zero),
    .alu_low_i    (alu_low),
    .strm_valid_i (strm_item_i.valid),
    .mem_fault_i  (mem_rsp_i.fault),
    .exec_o       (exec),
    .advance_o    (advance),
    .upc_o        (upc),
    .rom_addr_o   (rom_addr)
  );

  evd_dp u_dp (
    .clk_i        (clk_i),
    .uinstr_i     (uinstr),
    .wr_en_i      (advance & wr_en),
    .wr_port_i    (wr_port),
    .port_rdata_i (port_rdata),
    .src_cfg_i    (src_cfg),
    .src_skind_i  ({60'd0, strm_item_i.kind}),
    .src_slen_i   ({60'd0, strm_item_i.len}),
    .src_sarg_i   ({32'd0, strm_item_i.arg}),
    .src_sec_i    ({32'd0, strm_item_i.ec}),
    .src_saddr_i  (strm_item_i.addr),
    .src_slast_i  ({63'd0, strm_item_i.last}),
    .src_mfvec_i  ({56'd0, mfvec_q}),
    .src_mfec_i   ({32'd0, mfec_q}),
    .src_mfaddr_i (mfaddr_q),
    .opa_o        (opa),
    .opb_reg_o    (opb_reg),
    .alu_low_o    (alu_low),
    .alu_zero_o   (alu_zero)
  );

  // The cfg source: the straps, and in the top bit (evd_pkg::REQ_LAUNCH_BIT, 63) the entry request,
  // which needs no source number of its own. (A concatenation: Yosys maps it smaller on iCE40 and
  // ECP5 than the same bits set by index.)
  assign src_cfg = {launch_q, {(63-evd_pkg::CFG_W){1'b0}}, cfg_i};

  //////// Unit state beside the register file ////////
  always_comb begin
    launch_d = launch_q;
    evonly_d = evonly_q;
    mfvec_d  = mfvec_q;
    mfec_d   = mfec_q;
    mfaddr_d = mfaddr_q;
    if (advance && uinstr.op == evd_pkg::OpEwait) launch_d = entry_req_i.launch;
    if (advance && uinstr.op == evd_pkg::OpSmode) evonly_d = uinstr.imm[0];
    // a faulting access leaves its vector, error code and linear address for the microcode
    if (advance && mem_req_o.req && mem_rsp_i.fault) begin
      mfvec_d  = mem_rsp_i.fvec;
      mfec_d   = mem_rsp_i.fec;
      mfaddr_d = mem_rsp_i.rdata;
    end
  end

  always_ff @(posedge clk_i or negedge rst_ni) begin
    if (!rst_ni) begin
      launch_q <= 1'b0;
      evonly_q <= 1'b0;
      mfvec_q  <= '0;
      mfec_q   <= '0;
      mfaddr_q <= '0;
    end else begin
      launch_q <= launch_d;
      evonly_q <= evonly_d;
      mfvec_q  <= mfvec_d;
      mfec_q   <= mfec_d;
      mfaddr_q <= mfaddr_d;
    end
  end

`ifdef EVD_TRACE
  assign trace_o.upc  = upc;
  assign trace_o.exec = exec;
`endif

  //////// Assertions ////////
  `EVD_ASSERT(LegalOp, !exec || op_legal, clk_i, rst_ni)
  `EVD_ASSERT(OnePortAtATime, !(vmcs_req_o.req && mem_req_o.req), clk_i, rst_ni)
  `EVD_ASSERT(PopNeedsItem, !strm_ctl_o.pop || strm_item_i.valid, clk_i, rst_ni)
  // A request stays up, unchanged (every field of its group), until it is acknowledged: no new
  // request while one is outstanding.
  `EVD_ASSERT(VmcsRequestHeld, !$past(vmcs_req_o.req && !vmcs_rsp_i.ack) || $stable(vmcs_req_o), clk_i, rst_ni)
  `EVD_ASSERT(MemRequestHeld, !$past(mem_req_o.req && !mem_rsp_i.ack) || $stable(mem_req_o), clk_i, rst_ni)
  `EVD_ASSERT(PortOperandsFromRegisters, !(vmcs_req_o.req || mem_req_o.req) ||
              (uinstr.ra < evd_pkg::REG_SRC_FIRST && (uinstr.bimm || uinstr.rb < evd_pkg::REG_SRC_FIRST)),
              clk_i, rst_ni)
  `EVD_ASSERT(AckOnlyOnRequest, !(vmcs_rsp_i.ack && !vmcs_req_o.req) && !(mem_rsp_i.ack && !mem_req_o.req),
              clk_i, rst_ni)
endmodule
