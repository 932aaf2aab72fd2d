# area: X3
# file: dpi/evd_model.c
# A #DB exit from a debug trap gives B0-B3 as exit qualification but not BS (bit 14).
s/return guest_exception(md, m, ev, 0, bits \& 0x400f);/return guest_exception(md, m, ev, 0, bits \& 0xf);/
