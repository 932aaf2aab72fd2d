# area: F3
# file: dpi/evd_rules.c
# A page fault during delivery of a page fault is delivered serially: only page fault +
# contributory makes #DF.
s/first == CLASS_PAGE_FAULT \&\& second != CLASS_BENIGN/first == CLASS_PAGE_FAULT \&\& second == CLASS_CONTRIBUTORY/
