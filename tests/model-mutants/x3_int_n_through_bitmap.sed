# area: X3
# file: dpi/evd_model.c
# INT n goes through the exception bitmap like INT3 (X3: INT n never exits through it).
s/^    if (ev\.type != ITYPE_SOFT_INTR \&\&$/    if (/
