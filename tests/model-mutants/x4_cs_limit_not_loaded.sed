# area: X4
# file: dpi/evd_model.c
# A delivery loads CS base and access rights from the descriptor but keeps the old CS limit, which
# the exit then saves.
s/md->cs_base = cs->base, md->cs_limit = cs->limit, md->cs_ar = cs->ar;/md->cs_base = cs->base, md->cs_ar = cs->ar;/
