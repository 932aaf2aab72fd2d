; build/ustack must refuse this image: the branch on t0 can reach `bad`, an illegal word.
start:          sub     zero, t0, #1            | jz bad
                goto    start
bad:            trap
