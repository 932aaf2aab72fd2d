# area: E3
# file: dpi/evd_rules.c
# The IF = 1 check of an injected external interrupt dropped.
/if (type == ITYPE_EXT_INTR \&\& !if_flag) return fail/d
