# area: M9
# file: dpi/evd_model.c
# The pending-MTF bit of an SMM VM exit's reason at bit 27 instead of 28.
s/#define EXIT_REASON_PENDING_MTF (1u << 28)/#define EXIT_REASON_PENDING_MTF (1u << 27)/
