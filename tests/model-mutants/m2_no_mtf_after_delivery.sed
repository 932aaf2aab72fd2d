# area: M2
# file: dpi/evd_model.c
# A delivered event does not make an MTF exit due: the handler's first instruction runs before it.
/md->mtf_due = md->mtf_control; \/\* M2-M4, M7/d
