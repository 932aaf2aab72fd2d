; shl by a register: amounts are immediates
start:          shl     t0, t0, t1
                goto    start
