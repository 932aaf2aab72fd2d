# area: F1
# file: dpi/evd_rules.c
# EXT clear only for INT n (type 4): INT3/INTO (type 6) set it.
s/!(original_type == ITYPE_SOFT_INTR || original_type == ITYPE_SOFT_EXC)/!(original_type == ITYPE_SOFT_INTR)/
