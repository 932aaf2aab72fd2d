# area: D7
# file: dpi/evd_rules.c
# Access rights from a descriptor with bits 55:52 (AVL, L, D/B, G) at VMCS bits 11:8 instead of
# 15:12.
s/(uint32_t)((d >> 52) \& 0xf) << 12/(uint32_t)((d >> 52) \& 0xf) << 8/
