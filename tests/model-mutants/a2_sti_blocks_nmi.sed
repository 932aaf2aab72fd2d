# area: A2
# file: dpi/evd_rules.c
# STI blocking holds NMIs too (fine point: only blocking by NMI and MOV-SS blocking do).
s/const int nmi = p->nmi \&\& !movss \&\&/const int nmi = p->nmi \&\& !movss \&\& !sti \&\&/
