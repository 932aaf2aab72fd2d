// Assertion macros (after OpenTitan's prim_assert.sv), so that one source serves every tool:
//   in Verilator:    a concurrent SVA, checked in every simulation (the build always uses --assert)
//   in Yosys -formal: an immediate assert in a clocked block, which Yosys 0.23 accepts, armed from
//                     the second cycle out of reset: $past and $stable then never look at a
//                     cycle in reset, or before it (make formal starts from uninitialized state)
//   in synthesis:     nothing
`ifndef EVD_ASSERT_SVH
`define EVD_ASSERT_SVH

`ifdef VERILATOR
  `define EVD_ASSERT(name, prop, clk, rst_n) \
    name: assert property (@(posedge clk) disable iff (!(rst_n)) (prop)) \
      else $error("assertion %s failed", `"name`");
`elsif FORMAL
  `define EVD_ASSERT(name, prop, clk, rst_n) \
    logic name``_armed_q = 1'b0; \
    always_ff @(posedge clk) name``_armed_q <= (rst_n); \
    always_ff @(posedge clk) if ((rst_n) && name``_armed_q) name: assert (prop);
`else
  `define EVD_ASSERT(name, prop, clk, rst_n)
`endif

`endif
