# area: F3
# file: dpi/evd_model.c
# #DF delivered without its error code (0) outside real mode.
s/int df_ec = md->mode != VME_MODE_REAL;/int df_ec = 0;/
