# area: F1
# file: dpi/evd_rules.c
# A #PF from the fault plan takes EXT into its error code, as #TS/#NP/#SS/#GP do (vectors 10-14,
# not 10-13).
s/return vector >= 10 \&\& vector <= 13;/return vector >= 10 \&\& vector <= 14;/
