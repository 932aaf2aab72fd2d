# area: E2
# file: dpi/evd_rules.c
# A mutant whose pattern matches nothing (the limit is written > 31 in the source, not > 0x1f):
# the campaign must refuse it, not count it as a survivor (tests/testlist, model_mutant_refused).
s/vector > 0x1f)/vector > 0x20)/
