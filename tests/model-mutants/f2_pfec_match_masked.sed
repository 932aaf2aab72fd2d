# area: F2
# file: dpi/evd_rules.c
# The #PF error-code match compared after masking it too: (ec & mask) == (match & mask), not (ec
# & mask) == match.
s/return ((ec \& pfec_mask) == pfec_match) == BIT(bitmap, 14);/return ((ec \& pfec_mask) == (pfec_match \& pfec_mask)) == BIT(bitmap, 14);/
