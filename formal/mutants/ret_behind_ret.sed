# A ret in R behind a ret in X fetches the entry X's ret takes, not the one below it: two rets
# in a row return to the same place (GuessBehindO, then PathTaken).
s/else             ret_top = x_call ? x_pc_q + 1'b1 : x_ret ? ret_q\[rsp_q - 2'd2\] : ret_q\[rsp_q - 2'd1\];/else             ret_top = x_call ? x_pc_q + 1'b1 : x_ret ? ret_q[rsp_q - 2'd1] : ret_q[rsp_q - 2'd1];/
