# The MTF exit path never ends: it branches to itself.
s/^take_mtf: .*/take_mtf:       | goto take_mtf/
