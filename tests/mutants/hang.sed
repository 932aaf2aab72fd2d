# The MTF exit path never ends: it branches to itself.
s/^mtf_exit: .*/mtf_exit:       | goto mtf_exit/
