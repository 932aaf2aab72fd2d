; disp on a register: only a read-only source's values are all known (the stream item's kind)
start:          mov     zero, t0                | disp table
table:          goto    start
