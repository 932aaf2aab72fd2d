# area: F3
# file: dpi/evd_rules.c
# #DE (vector 0) left out of the contributory class.
s/case 0: case 10: case 11: case 12: case 13: return CLASS_CONTRIBUTORY;/case 10: case 11: case 12: case 13: return CLASS_CONTRIBUTORY;/
