// The unit with its real microcode: the harness of formal/rom.ys. The RTL's own assertions
// (EVD_ASSERT: the return stack's bounds, calls only with goto, a legal operation in X, port
// operands from registers, read-only sources as A only, and the port protocol again) are proven
// for the ROM image the build assembled, with every input free and the register file's reads
// and the ALU cut free (so every branch on a register goes both ways): by induction, but for
// LegalOp and the return stack's bounds, properties of the flow's path, which this harness lacks
// the invariants of: make formal proves them for every input with formal/evd_formal_ports.sv's
// PathTaken and build/ustack's walk of every path of the image (Makefile, formal-rom), and here
// to a bound. The covers show that reset reaches the flows' ends: the idle word that takes a VM
// entry, and a run that ends in VMfail (formal/cover.ys runs them, with the datapath's values cut
// free too). A run that ends in a VM exit is covered apart, by formal/evd_formal_exit.sv with
// ABC's bmc3 (formal/cover-abc.sh): it is over 100 steps deep, beyond what z3 reaches in minutes
// (make bench: every exit flow takes over 100 cycles).
module evd_formal_rom (
  input logic                      clk_i,
  input logic                      rst_ni,
  input logic [evd_pkg::CFG_W-1:0] cfg_i,
  input evd_pkg::entry_req_t       entry_req_i,
  input evd_pkg::vmcs_rsp_t        vmcs_rsp_i,
  input evd_pkg::mem_rsp_t         mem_rsp_i,
  input evd_pkg::strm_item_t       strm_item_i
);
`include "evd_formal_env.svh"

  // Taps (formal/rom.ys): each stage's word, its address and whether it holds one.
  evd_pkg::uinstr_t            r_word_t, o_word_t, x_word_t;
  logic [evd_pkg::UADDR_W-1:0] r_pc_t, o_pc_t, x_pc_t;
  logic                        r_valid_t, o_valid_t, x_valid_t;

  // Every word in the pipeline is the ROM's word at its address, but for the early dispatch's
  // rewrite (a disp on a read-only source goes on as a goto: evd_seq). They are the invariants
  // that make the RTL's assertions about X's word inductive.
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
