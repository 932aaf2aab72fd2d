# area: A4
# file: dpi/evd_rules.c
# STI blocking holds the NMI-window exit whatever nmi_window_sti says.
s/!(p->nmi_window_sti \&\& sti);/!sti;/
