; a field that runs past bit 63
start:          field   t0, t1, #60, #8
                goto    start
