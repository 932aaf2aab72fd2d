# area: A4
# file: dpi/evd_rules.c
# MOV-SS blocking does not hold the NMI-window exit.
s/p->nmi_window \&\& !(blocking \& BLOCK_NMI) \&\& !movss \&\&/p->nmi_window \&\& !(blocking \& BLOCK_NMI) \&\&/
