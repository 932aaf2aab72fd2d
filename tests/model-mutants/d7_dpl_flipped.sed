# area: D7
# file: dpi/evd_rules.c
# The target code segment's DPL check inverted: #GP when its DPL is below the CPL, not above.
s/desc_dpl(d) > cpl) return fault(VEC_GP/desc_dpl(d) < cpl) return fault(VEC_GP/
