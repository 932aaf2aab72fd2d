# area: D2
# file: dpi/evd_model.c
# The gate-DPL check of INT n / INT3 / INTO inverted: #GP when the gate DPL is above the CPL, not
# below.
s/ev->type == ITYPE_SOFT_EXC) \&\& dpl < md->cpl)/ev->type == ITYPE_SOFT_EXC) \&\& dpl > md->cpl)/
