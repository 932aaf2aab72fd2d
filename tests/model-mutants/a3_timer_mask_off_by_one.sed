# area: A3
# file: dpi/evd_rules.c
# The TSC remainder below bit X taken with the mask 2^X instead of 2^X - 1.
s/uint64_t below = tsc \& ((1ull << rate) - 1);/uint64_t below = tsc \& (1ull << rate);/
