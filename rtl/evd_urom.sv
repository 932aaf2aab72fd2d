// Microcode ROM. The image is text from the assembler (build/ucode.hex), read with $readmemh.
// The read is synchronous so that synthesis maps it to block RAM (SB_RAM40_4K, DP16KD), with a
// read enable: the word stays on the output while the pipeline holds (evd_seq). The data register
// has no reset, as in fx68k and Arlet's 6502 microcode: the sequencer starts with a redirect to
// address 0 instead.
module evd_urom #(
  parameter UcodeFile = "ucode.hex"
) (
  input  logic                         clk_i,
  input  logic                         en_i,
  input  logic [evd_pkg::UADDR_W-1:0]  addr_i,
  output logic [evd_pkg::UWORD_W-1:0]  data_o
);
  logic [evd_pkg::UWORD_W-1:0] mem [evd_pkg::UROM_DEPTH];

  // The simulation testbench loads the image itself, so that --ucode can swap it at run time.
`ifndef EVD_TB_LOADS_UROM
  initial $readmemh(UcodeFile, mem);
`endif

  always_ff @(posedge clk_i) begin
    if (en_i) data_o <= mem[addr_i];
  end
endmodule
