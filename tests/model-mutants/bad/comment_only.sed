# area: F3
# file: dpi/evd_rules.c
# A mutant that changes only a comment: the source differs, the compiled code does not; the
# campaign must refuse it (tests/testlist, model_mutant_refused).
s|/\* #CP on CET processors \*/|/* #CP, on CET processors */|
