# area: D3
# file: dpi/evd_model.c
# A 16-bit trap gate (type 0x7) pushes 4-byte slots: only type 0x6 is taken as 16-bit.
s/unsigned size = (type == 0x6 || type == 0x7) ? 2 : 4;/unsigned size = (type == 0x6) ? 2 : 4;/
