# area: E3
# file: dpi/evd_rules.c
# HLT activity refused only for SS.DPL 3, not for any SS.DPL other than 0.
s/gs->activity == HLT \&\& gs->ss_dpl != 0)/gs->activity == HLT \&\& gs->ss_dpl == 3)/
