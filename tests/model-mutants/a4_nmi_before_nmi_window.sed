# area: A4
# file: dpi/evd_rules.c
# A pending NMI ahead of the NMI-window exit (the two priorities swapped).
/^    if (nmi_window) return PRIO_NMI_WINDOW;$/{N;s/\(.*\)\n\(.*\)/\2\n\1/}
