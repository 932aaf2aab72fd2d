# area: A2
# file: dpi/evd_model.c
# Delivery of an NMI does not set blocking by NMI (nor, with virtual NMIs, virtual-NMI blocking).
/^        md->interruptibility |= BLOCK_NMI;$/d
