# area: X3
# file: dpi/evd_model.c
# An INT1 (type 5) exit through the bitmap saves no instruction length: only type 6 (INT3/INTO)
# does.
s/\.instruction_len = rule_is_software(ev\.type) \&\& ev\.type != ITYPE_SOFT_INTR/.instruction_len = ev.type == ITYPE_SOFT_EXC/
