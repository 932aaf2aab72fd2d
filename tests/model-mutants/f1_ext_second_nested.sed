# area: F1
# file: dpi/evd_rules.c
# EXT of the second nested exception taken from the original event's type like the first: only the
# third and later set it always (nested > 0 became nested > 1).
s/return nested > 0 || bug_ext_soft ||/return nested > 1 || bug_ext_soft ||/
