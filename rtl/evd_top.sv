// The VM-entry microcode unit: carries out VMLAUNCH/VMRESUME, delivers events through the guest
// IDT, handles faults met during delivery and single-steps the guest with the monitor trap flag.
//
// Ports (all handshakes complete on the rising edge where request and acknowledge are both 1):
//   entry   the VMM's VMLAUNCH (entry_launch_i = 1) or VMRESUME; accepted while the unit is idle
//   vmcs    reads and writes of the current VMCS image, one field at a time
//   mem     guest-memory reads and writes (1, 2, 4 or 8 bytes); the answer is data, or a fault
//           (vector, error code, and on mem_rdata_i the faulting linear address)
//   stream  the guest's instruction outcomes and events, one item at a time; the port shows the
//           item at the head (or, in stream mode "events only", the first event) and the unit
//           pops it; strm_last_i says the item ends its group of events (events in a row
//           arrive together); strm_wait_o says the guest has nothing to do until an item arrives
//   done    the run ends: a VM exit (its fields are in the VMCS) or a VMfailValid
//   cr2     writes of the guest's CR2
//   smm     one SMM round trip (an SMI taken with the default treatment, and RSM)
//   cfg     configuration straps (evd_pkg::CFG_*), the config keys of the vector format
module evd_top #(
  parameter UcodeFile = "ucode.hex"
) (
  input  logic                      clk_i,
  input  logic                      rst_ni,
  input  logic [evd_pkg::CFG_W-1:0] cfg_i,

  input  logic                      entry_valid_i,
  input  logic                      entry_launch_i,
  output logic                      entry_ready_o,

  output logic                      vmcs_req_o,
  output logic                      vmcs_we_o,
  output logic [15:0]               vmcs_field_o,
  output logic [63:0]               vmcs_wdata_o,
  input  logic                      vmcs_ack_i,
  input  logic [63:0]               vmcs_rdata_i,

  output logic                      mem_req_o,
  output logic                      mem_we_o,
  output logic [63:0]               mem_addr_o,
  output logic [1:0]                mem_size_o,
  output logic [63:0]               mem_wdata_o,
  input  logic                      mem_ack_i,
  input  logic                      mem_fault_i,
  input  logic [7:0]                mem_fvec_i,
  input  logic [31:0]               mem_fec_i,
  input  logic [63:0]               mem_rdata_i,

  input  logic                      strm_valid_i,
  input  logic [3:0]                strm_kind_i,
  input  logic [3:0]                strm_len_i,
  input  logic [31:0]               strm_arg_i,
  input  logic [31:0]               strm_ec_i,
  input  logic [63:0]               strm_addr_i,
  input  logic                      strm_last_i,
  output logic                      strm_pop_o,
  output logic                      strm_evonly_o,
  output logic                      strm_wait_o,

  output logic                      done_o,
  output logic                      done_vmfail_o,

  output logic                      cr2_we_o,
  output logic [63:0]               cr2_o,

  output logic                      smm_o

`ifdef EVD_TRACE
  ,
  output logic [evd_pkg::UADDR_W-1:0] trace_upc_o,
  output logic                        trace_exec_o
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

  evd_urom #(.UcodeFile(UcodeFile)) u_urom (
    .clk_i  (clk_i),
    .addr_i (rom_addr),
    .data_o (rom_data)
  );
  assign uinstr = rom_data;

  //////// Operation decode: port requests and when the word completes ////////
  always_comb begin
    vmcs_req_o    = 1'b0;
    vmcs_we_o     = 1'b0;
    mem_req_o     = 1'b0;
    mem_we_o      = 1'b0;
    strm_pop_o    = 1'b0;
    strm_wait_o   = 1'b0;
    entry_ready_o = 1'b0;
    done_o        = 1'b0;
    cr2_we_o      = 1'b0;
    smm_o         = 1'b0;
    word_done     = 1'b1;
    wr_en         = 1'b0;
    wr_port       = 1'b0;
    op_legal      = 1'b1;
    unique case (uinstr.op)
      // ALU only
      evd_pkg::OpNop:   wr_en = 1'b1;
      // VMCS field read
      evd_pkg::OpVmrd: begin
        vmcs_req_o = exec;
        word_done  = vmcs_ack_i;
        wr_en      = vmcs_ack_i;
        wr_port    = 1'b1;
      end
      // VMCS field write (the ALU result goes to rd as the write completes)
      evd_pkg::OpVmwr: begin
        vmcs_req_o = exec;
        vmcs_we_o  = 1'b1;
        word_done  = vmcs_ack_i;
        wr_en      = vmcs_ack_i;
      end
      // guest-memory read: the data, unless the access faults
      evd_pkg::OpMrd: begin
        mem_req_o = exec;
        word_done = mem_ack_i;
        wr_en     = mem_ack_i & ~mem_fault_i;
        wr_port   = 1'b1;
      end
      // guest-memory write of register rb; the ALU result goes to rd as the write completes, so a
      // push can step the stack pointer in the same word
      evd_pkg::OpMwr: begin
        mem_req_o = exec;
        mem_we_o  = 1'b1;
        word_done = mem_ack_i;
        wr_en     = mem_ack_i;
      end
      // consume the stream item
      evd_pkg::OpSpop: begin
        strm_pop_o = exec;
        wr_en      = 1'b1;
      end
      // the guest waits for a stream item
      evd_pkg::OpSwait: begin
        strm_wait_o = exec & ~strm_valid_i;
        word_done   = strm_valid_i;
      end
      // the unit waits for a VM-entry request
      evd_pkg::OpEwait: begin
        entry_ready_o = exec;
        word_done     = entry_valid_i;
      end
      // end of the run
      evd_pkg::OpDone:  done_o = exec;
      // guest CR2
      evd_pkg::OpCr2w:  cr2_we_o = exec;
      // stream mode
      evd_pkg::OpSmode: ;
      // an SMI handled by the SMM handler, and RSM
      evd_pkg::OpSmm:   smm_o = exec;
      default:          op_legal = 1'b0;
    endcase
  end

  assign vmcs_field_o  = uinstr.imm;
  assign vmcs_wdata_o  = opa;
  assign mem_addr_o    = opa;
  assign mem_size_o    = uinstr.size;
  assign mem_wdata_o   = opb_reg;
  assign done_vmfail_o = done_o & uinstr.imm[0];
  assign cr2_o         = opa;
  assign strm_evonly_o = evonly_q;
  assign port_rdata    = (uinstr.op == evd_pkg::OpVmrd) ? vmcs_rdata_i : mem_rdata_i;

  evd_seq u_seq (
    .clk_i        (clk_i),
    .rst_ni       (rst_ni),
    .uinstr_i     (uinstr),
    .word_done_i  (word_done),
    .flush_i      (uinstr.op == evd_pkg::OpEwait),
    .alu_zero_i   (alu_zero),
    .alu_low_i    (alu_low),
    .strm_valid_i (strm_valid_i),
    .mem_fault_i  (mem_fault_i),
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
    .src_req_i    ({63'd0, launch_q}),
    .src_cfg_i    ({{(64-evd_pkg::CFG_W){1'b0}}, cfg_i}),
    .src_skind_i  ({60'd0, strm_kind_i}),
    .src_slen_i   ({60'd0, strm_len_i}),
    .src_sarg_i   ({32'd0, strm_arg_i}),
    .src_sec_i    ({32'd0, strm_ec_i}),
    .src_saddr_i  (strm_addr_i),
    .src_slast_i  ({63'd0, strm_last_i}),
    .src_mfvec_i  ({56'd0, mfvec_q}),
    .src_mfec_i   ({32'd0, mfec_q}),
    .src_mfaddr_i (mfaddr_q),
    .opa_o        (opa),
    .opb_reg_o    (opb_reg),
    .alu_low_o    (alu_low),
    .alu_zero_o   (alu_zero)
  );

  //////// Unit state beside the register file ////////
  always_comb begin
    launch_d = launch_q;
    evonly_d = evonly_q;
    mfvec_d  = mfvec_q;
    mfec_d   = mfec_q;
    mfaddr_d = mfaddr_q;
    if (advance && uinstr.op == evd_pkg::OpEwait) launch_d = entry_launch_i;
    if (advance && uinstr.op == evd_pkg::OpSmode) evonly_d = uinstr.imm[0];
    // a faulting access leaves its vector, error code and linear address for the microcode
    if (advance && mem_req_o && mem_fault_i) begin
      mfvec_d  = mem_fvec_i;
      mfec_d   = mem_fec_i;
      mfaddr_d = mem_rdata_i;
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
  assign trace_upc_o  = upc;
  assign trace_exec_o = exec;
`endif

  //////// Assertions ////////
  `EVD_ASSERT(LegalOp, !exec || op_legal, clk_i, rst_ni)
  `EVD_ASSERT(OnePortAtATime, !(vmcs_req_o && mem_req_o), clk_i, rst_ni)
  `EVD_ASSERT(PopNeedsItem, !strm_pop_o || strm_valid_i, clk_i, rst_ni)
  // A request stays up, unchanged, until it is acknowledged: no new request while one is outstanding.
  `EVD_ASSERT(VmcsRequestHeld, !$past(vmcs_req_o && !vmcs_ack_i) ||
              (vmcs_req_o && $stable(vmcs_we_o) && $stable(vmcs_field_o) && $stable(vmcs_wdata_o)), clk_i, rst_ni)
  `EVD_ASSERT(MemRequestHeld, !$past(mem_req_o && !mem_ack_i) ||
              (mem_req_o && $stable(mem_we_o) && $stable(mem_addr_o) && $stable(mem_size_o) &&
               $stable(mem_wdata_o)), clk_i, rst_ni)
  `EVD_ASSERT(PortOperandsFromRegisters, !(vmcs_req_o || mem_req_o) ||
              (uinstr.ra < 6'd48 && (uinstr.bimm || uinstr.rb < 6'd48)), clk_i, rst_ni)
  `EVD_ASSERT(AckOnlyOnRequest, !(vmcs_ack_i && !vmcs_req_o) && !(mem_ack_i && !mem_req_o),
              clk_i, rst_ni)
endmodule
