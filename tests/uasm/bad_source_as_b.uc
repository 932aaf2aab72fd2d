; a read-only source as operand B
start:          add     t0, t0, skind
                goto    start
