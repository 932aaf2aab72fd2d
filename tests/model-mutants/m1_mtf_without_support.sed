# area: M1
# file: dpi/evd_model.c
# The MTF control works also with mtf_supported 0.
s/md->mtf_control = BIT(md->proc, CPU_MTF_BIT) \&\& m->cfg\[VME_CFG_MTF_SUPPORTED\];/md->mtf_control = BIT(md->proc, CPU_MTF_BIT);/
