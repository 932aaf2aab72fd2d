; build/ustack must refuse this image: `three` calls with three entries already in use (the
; fourth, evd_seq's last, would be taken).
start:          call    one
idle:           goto    idle
one:            call    two
                ret
two:            call    three
                ret
three:          call    four
                ret
four:           ret
