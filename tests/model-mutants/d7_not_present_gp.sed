# area: D7
# file: dpi/evd_rules.c
# A target code segment that is not present raises #GP instead of #NP.
s/if (!BIT(d, DESC_P)) return fault(VEC_NP, sel/if (!BIT(d, DESC_P)) return fault(VEC_GP, sel/
