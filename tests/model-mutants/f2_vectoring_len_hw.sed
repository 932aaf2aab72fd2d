# area: F2
# file: dpi/evd_model.c
# The exit after a nested exception saves the instruction length for every event being delivered,
# not only for types 4, 5 and 6.
s/uint32_t vectoring_len = rule_is_software(ev\.type) ? ev\.len : 0;/uint32_t vectoring_len = ev.len;/
