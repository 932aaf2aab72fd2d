; build/ustack must refuse this image: a dispatch on t0, a register whose value the walk cannot
; know (its two-entry table holds only for t0 below 2).
start:          mov     zero, t0                | disp table
table:          goto    start
                goto    start
