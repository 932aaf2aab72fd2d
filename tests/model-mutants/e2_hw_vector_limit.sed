# area: E2
# file: dpi/evd_rules.c
# The hardware-exception vector check off by one: vector 32 passes (> 31 became > 32).
s/type == ITYPE_HARD_EXC \&\& vector > 31)/type == ITYPE_HARD_EXC \&\& vector > 32)/
