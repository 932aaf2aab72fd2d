# area: D6
# file: dpi/evd_model.c
# The gate offset checked against the target CS limit off by one: an offset equal to the limit
# raises #GP (> became >=).
s/if (off > cs\.limit) { \/\* #GP/if (off >= cs.limit) { \/* #GP/
