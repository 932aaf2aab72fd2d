# area: A5
# file: dpi/evd_rules.c
# The interrupt-window exit taken with RFLAGS.IF = 0.
s/if (p->int_window \&\& p->if_flag) return PRIO_INT_WINDOW;/if (p->int_window) return PRIO_INT_WINDOW;/
