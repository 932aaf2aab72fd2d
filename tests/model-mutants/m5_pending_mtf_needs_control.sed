# area: M5
# file: dpi/evd_model.c
# A pending MTF exit injected with type 7 vector 0 needs the MTF control (M5: even with the control
# 0).
s/\.mtf = md->mtf_due \&\& (md->mtf_control || md->mtf_forced),/.mtf = md->mtf_due \&\& md->mtf_control,/
