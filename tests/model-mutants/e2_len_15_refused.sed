# area: E2
# file: dpi/evd_rules.c
# The instruction-length limit off by one: a software event of length 15 fails E2 (> 15 became >=
# 15).
s/inj->instruction_len > 15 ||/inj->instruction_len >= 15 ||/
