# area: A6
# file: dpi/evd_rules.c
# Virtual-NMI blocking (bit 3 with virtual NMIs) blocks real NMIs as blocking by NMI does.
s/!(!p->virtual_nmis \&\& (blocking \& BLOCK_NMI))/!(blocking \& BLOCK_NMI)/
