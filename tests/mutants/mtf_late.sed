# The MTF exit one instruction late: in `completed` (insn.uc), the first instruction only arms a
# spare flag (sf bit 8) and the second makes the MTF exit due.
/^completed:/,/| ret/{
s/^\( *\)bit     t0, sf, #SF_MTF_CTL$/\1bit     t0, sf, #8/
s/^\( *\)or      sf, sf, t0              | ret$/\1or      sf, sf, t0\n\1bit     t0, sf, #SF_MTF_CTL\n\1shl     t0, t0, #8\n\1or      sf, sf, t0              | ret/
}
