# area: D7
# file: dpi/evd_rules.c
# The null-selector check of the target code segment compares the whole selector with 0: a null
# selector with RPL 1-3 passes it (D7: selector & 0xfffc = 0).
s/if ((sel \& 0xfffc) == 0) return fault(VEC_GP, 0,/if (sel == 0) return fault(VEC_GP, 0,/
