# area: F4
# file: dpi/evd_rules.c
# The triple_fault config read the wrong way round: by default a benign exception during #DF
# delivery is delivered serially, and with contributory_pf it is a triple fault.
s/return rc->triple_contributory_pf \&\& second == CLASS_BENIGN ?/return !rc->triple_contributory_pf \&\& second == CLASS_BENIGN ?/
