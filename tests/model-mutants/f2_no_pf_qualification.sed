# area: F2
# file: dpi/evd_model.c
# A nested #PF that exits leaves the exit qualification 0 instead of the faulting address.
s/\.qualification = f\.vector == 14 ? f\.addr : 0,/.qualification = 0,/
