; jz after add: the zero is computed beside the ALU for and, or, xor, sub, bit, ltu, mov only
start:          add     t0, t0, t1              | jz start
                goto    start
