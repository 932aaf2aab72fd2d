# area: E3
# file: dpi/evd_rules.c
# NMI injection refused under blocking by NMI also without virtual NMIs (E3 refuses it only with
# virtual NMIs: the virtual-NMI test dropped).
s/type == ITYPE_NMI \&\& gs->virtual_nmis \&\& (blocking \& BLOCK_NMI)/type == ITYPE_NMI \&\& (blocking \& BLOCK_NMI)/
