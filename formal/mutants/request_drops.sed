# A memory request is only up in the cycle it enters X: a wait state drops it before the
# acknowledge (MemRequestHeld).
s/mem_req_o.req = x_exec;/mem_req_o.req = x_exec \& o_move_q;/
s/^  logic                         svalid_q;$/  logic                         svalid_q, o_move_q;\n  always_ff @(posedge clk_i) o_move_q <= o_move;/
