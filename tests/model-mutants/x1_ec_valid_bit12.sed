# area: X1
# file: dpi/evd_model.c
# The error-code-valid bit of interruption information at bit 12 instead of 11.
s/(has_ec ? 1u << 11 : 0)/(has_ec ? 1u << 12 : 0)/
