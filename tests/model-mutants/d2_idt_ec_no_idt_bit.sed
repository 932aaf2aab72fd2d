# area: D2
# file: dpi/evd_model.c
# The error code of a fault the IDT raises without its IDT bit: 8v + EXT, not 8v + 2 + EXT.
s/return 8u \* v + 2 + (ext ? 1 : 0);/return 8u * v + (ext ? 1 : 0);/
