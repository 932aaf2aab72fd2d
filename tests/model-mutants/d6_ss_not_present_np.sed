# area: D6
# file: dpi/evd_rules.c
# A new SS that is not present raises #NP instead of #SS.
s/if (!BIT(d, DESC_P)) return fault(VEC_SS, ss/if (!BIT(d, DESC_P)) return fault(VEC_NP, ss/
