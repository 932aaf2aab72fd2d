# area: D7
# file: dpi/evd_rules.c
# A page-granular limit (G = 1) scaled without its low 12 bits: limit << 12, not limit << 12 |
# 0xfff.
s/if (BIT(d, DESC_G)) limit = limit << 12 | 0xfff;/if (BIT(d, DESC_G)) limit = limit << 12;/
