# area: E2
# file: dpi/evd_rules.c
# #AC (vector 17) left out of the error-code vectors: deliver-error-code for it fails E2, and a
# delivered #AC pushes none.
s/case 14: case 17: return 1;/case 14: return 1;/
