# area: D6
# file: dpi/evd_rules.c
# The IST slot one slot off: IST n read at 8n + 36 (IST1 at 0x2c) instead of 8n + 28 (IST1 at 0x24).
s/return (int)(8 \* ist + 28);/return (int)(8 * ist + 36);/
