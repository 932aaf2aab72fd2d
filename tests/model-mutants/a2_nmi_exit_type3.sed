# area: A2
# file: dpi/evd_model.c
# An NMI exit (NMI exiting) reports the NMI as a hardware exception (type 3) instead of type 2.
s/\.intr_info = exception_info(ITYPE_NMI, 2, 0)/.intr_info = exception_info(ITYPE_HARD_EXC, 2, 0)/
