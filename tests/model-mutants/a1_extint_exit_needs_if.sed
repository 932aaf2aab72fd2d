# area: A1
# file: dpi/evd_rules.c
# External-interrupt exiting held by RFLAGS.IF = 0 (A1: IF does not block the exit).
s/if (p->extint_exiting) return PRIO_EXTINT_EXIT;/if (p->extint_exiting \&\& p->if_flag) return PRIO_EXTINT_EXIT;/
