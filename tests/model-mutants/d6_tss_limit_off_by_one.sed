# area: D6
# file: dpi/evd_rules.c
# The TSS limit check off by one: a stack slot whose last byte is at GUEST_TR_LIMIT raises #TS (>
# became >=).
s/offset + 7ull > tr_limit/offset + 7ull >= tr_limit/
