# area: E2
# file: dpi/evd_rules.c
# Type 7 (other event) is checked for MTF support but not for vector 0: any vector passes.
/if (type == ITYPE_OTHER \&\& vector != 0)/,+1d
