; mwr whose ALU operation shifts the address by 4: O rotates operand A
start:          mwr.8   t1, t2 & shl t1, t1, #4
                goto    start
