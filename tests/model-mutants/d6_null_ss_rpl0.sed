# area: D6
# file: dpi/evd_model.c
# IA-32e privilege change: SS becomes the NULL selector with RPL 0, not RPL = new CPL.
s/md->ss_sel = new_cpl, md->ss_base = 0,/md->ss_sel = 0, md->ss_base = 0,/
