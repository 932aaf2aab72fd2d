# A word held in O (its A is forwarded from X into the rotation) takes X's result as its B too,
# whether or not X writes B's register: the memory write's data (opw) is then wrong. The RTL had
# this bug until make formal found it (ReadsSeeLastWriteB, OperandsInOAreCurrentB).
s/^      if (fwd_ob) begin$/      if (1'b1) begin/
