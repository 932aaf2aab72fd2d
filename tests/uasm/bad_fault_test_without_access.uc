; jnofault on a word without a memory access: the port defines fault only in a memory answer
start:          add     t0, t0, t1              | jnofault start
                goto    start
