; build/ustack must refuse this image: `one` returns to `start+1`, a ret with the stack empty.
start:          call    one
                ret
one:            ret
