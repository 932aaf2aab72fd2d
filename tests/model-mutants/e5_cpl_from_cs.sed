# area: E5
# file: dpi/evd_model.c
# The CPL taken from CS.DPL (GUEST_CS_AR_BYTES) instead of SS.DPL.
s/md->cpl = (uint8_t)((md->ss_ar >> 5) \& 3);/md->cpl = (uint8_t)((md->cs_ar >> 5) \& 3);/
