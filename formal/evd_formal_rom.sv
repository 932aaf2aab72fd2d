// The unit with its real microcode: the harness of formal/rom.ys. The RTL's own assertions
// (EVD_ASSERT: the return stack's bounds, calls only with goto, a legal operation in X, port
// operands from registers, read-only sources as A only, and the port protocol again) are proven
// for the ROM image the build assembled, with every input free and the register file's reads
// cut free (so every branch on a register goes both ways). The covers show that reset reaches the
// flows' ends: the idle word that takes a VM entry, and a run that ends in VMfail
// (formal/cover.ys runs them, with the datapath's values cut free too). A run that ends in a VM
// exit is not covered here: its shortest path is about 100 steps, beyond what z3 reaches in
// minutes (make bench: every exit flow takes over 100 cycles).
module evd_formal_rom (
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

  evd_top #(.UcodeFile("build/ucode.hex")) u_dut (
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

  // Taps (formal/rom.ys): each stage's word, its address and whether it holds one.
  evd_pkg::uinstr_t            r_word_t, o_word_t, x_word_t;
  logic [evd_pkg::UADDR_W-1:0] r_pc_t, o_pc_t, x_pc_t;
  logic                        r_valid_t, o_valid_t, x_valid_t;

  logic started_q = 1'b0;
  always_ff @(posedge clk_i) started_q <= 1'b1;
  logic strm_shown_q = 1'b0;
  logic evonly_q;
  evd_pkg::strm_item_t strm_item_q;
  always_ff @(posedge clk_i) begin
    strm_item_q  <= strm_item_i;
    strm_shown_q <= rst_ni & strm_item_i.valid & ~strm_ctl.pop;
    evonly_q     <= strm_ctl.evonly;
  end

  // The testbench's side, as in evd_formal_ports.sv.
  always_comb begin
    if (!started_q) assume (!rst_ni);
    assume (!vmcs_rsp_i.ack || vmcs_req.req);
    assume (!mem_rsp_i.ack || mem_req.req);
    if (strm_shown_q && strm_ctl.evonly == evonly_q) assume (strm_item_i == strm_item_q);
  end

  // Every word in the pipeline is the ROM's word at its address, but for the early dispatch's
  // rewrite (a disp on a read-only source goes on as a goto: evd_seq). Checked to the bound here;
  // a k-induction of the RTL's assertions needs them as its invariants (formal/README.md).
  logic [evd_pkg::UWORD_W-1:0] rom [evd_pkg::UROM_DEPTH];
  initial $readmemh("build/ucode.hex", rom);
  evd_pkg::uinstr_t o_rom, x_rom;
  always_comb begin
    o_rom = rom[o_pc_t];
    if (o_rom.cond == evd_pkg::CondDisp && o_rom.ra >= evd_pkg::REG_SRC_FIRST) o_rom.cond = evd_pkg::CondAlways;
    x_rom = rom[x_pc_t];
    if (x_rom.cond == evd_pkg::CondDisp && x_rom.ra >= evd_pkg::REG_SRC_FIRST) x_rom.cond = evd_pkg::CondAlways;
    if (started_q && rst_ni) begin
      WordInRIsRomWord: assert (!r_valid_t || r_word_t == rom[r_pc_t]);
      WordInOIsRomWord: assert (!o_valid_t || o_word_t == o_rom);
      WordInXIsRomWord: assert (!x_valid_t || x_word_t == x_rom);
    end
  end

  // The flows' ends, reached from reset.
  always_comb begin
    if (started_q && rst_ni) begin
      ReachesIdle: cover (entry_rsp.ready);
      ReachesVmFail: cover (side.done && side.done_vmfail);
    end
  end
endmodule
