# area: D6
# file: dpi/evd_rules.c
# A conforming code segment changes privilege too (the conforming test dropped from the new CPL).
s/return !BIT(d, DESC_TYPE_CONFORMING) \&\& desc_dpl(d) < cpl ?/return desc_dpl(d) < cpl ?/
