; build/ustack must refuse this image: `stop` ends the run inside the call from `start`.
start:          call    stop
                goto    start
stop:           done    exit                    | ret
