# The MTF exit one instruction late: in `completed` (insn.uc), the first instruction only arms a
# spare flag (sf bit 15); the second makes the MTF exit due. (The line after completed_mtf: only;
# delivery in deliver.uc has a line like it.)
/^completed_mtf:/{
n
s/^\( *\)setb    sf, sf, #SF_MTF_DUE_BIT | goto boundary$/\1bit     zero, sf, #15           | jnz mtf_late_due\n\1setb    sf, sf, #15             | goto boundary\nmtf_late_due:   setb    sf, sf, #SF_MTF_DUE_BIT | goto boundary/
}
