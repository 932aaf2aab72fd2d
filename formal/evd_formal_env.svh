// The harnesses' common part, included in each module's body: the unit with every input free,
// and what the testbench promises of those inputs (assume). Every harness starts here.
  evd_pkg::entry_rsp_t entry_rsp;
  evd_pkg::vmcs_req_t  vmcs_req;
  evd_pkg::mem_req_t   mem_req;
  evd_pkg::strm_ctl_t  strm_ctl;
  evd_pkg::side_t      side;

  // The real ROM image for the proofs that keep it; formal/ports.ys cuts the ROM's output free.
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

  // The unit starts in reset; after that a reset may come in any cycle (reset in flight).
  logic started_q = 1'b0;
  always_ff @(posedge clk_i) started_q <= 1'b1;

  // The stream's last cycle, for its promise below.
  logic                strm_shown_q = 1'b0;
  logic                evonly_q;
  evd_pkg::strm_item_t strm_item_q;
  always_ff @(posedge clk_i) begin
    strm_item_q  <= strm_item_i;
    strm_shown_q <= rst_ni & strm_item_i.valid & ~strm_ctl.pop;
    evonly_q     <= strm_ctl.evonly;
  end

  // The testbench's side (assumed).
  always_comb begin
    // Reset in the first cycle.
    if (!started_q) assume (!rst_ni);
    // An acknowledge only answers a request (tb/responder.c); the simulation's AckOnlyOnRequest
    // checks the testbench keeps it.
    assume (!vmcs_rsp_i.ack || vmcs_req.req);
    assume (!mem_rsp_i.ack || mem_req.req);
    // An item shown stays shown, unchanged, until it is popped or the stream's mode changes
    // (tb/source.c).
    if (strm_shown_q && strm_ctl.evonly == evonly_q) assume (strm_item_i == strm_item_q);
  end
