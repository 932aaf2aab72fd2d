# area: D5
# file: dpi/evd_model.c
# An injected software event returns past the instruction only for type 4 (INT n): INT3/INTO (type
# 6) and INT1 (type 5) return to the instruction itself.
s/if (rule_is_software(type)) { \/\* D5 \*\//if (type == ITYPE_SOFT_INTR) { \/* D5 *\//
