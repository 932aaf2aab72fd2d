; The guest runs: at each instruction boundary the unit takes the next stream item and carries
; out its outcome; the monitor trap flag ends the run after one instruction (behaviour.md M1).

boundary:       mov     zero, zero              | jsempty wait           ; nothing to do: the guest idles
                mov     zero, skind             | disp item_kind
wait:           swait                           | goto boundary

; Dispatch on the stream port's item kind (evd_arch.h SK_*). Kinds outside the first slice trap.
item_kind:      goto    unimplemented                    ; SK_NONE
                goto    insn_ok                 ; SK_OK
                goto    unimplemented                    ; SK_FAULT
                goto    insn_exit               ; SK_EXIT
                goto    unimplemented                    ; SK_HLT
                goto    unimplemented                    ; SK_INT
                goto    unimplemented                    ; SK_INT3
                goto    unimplemented                    ; SK_INTO
                goto    unimplemented                    ; SK_INT1
                goto    unimplemented                    ; SK_REP
                goto    unimplemented                    ; SK_EXTINT
                goto    unimplemented                    ; SK_NMI
                goto    unimplemented                    ; SK_SMI
                goto    unimplemented                    ; SK_INIT
                goto    unimplemented                    ; 14
                goto    unimplemented                    ; 15

; insn ok LEN: the instruction completes; STI/MOV-SS blocking ends with it.
insn_ok:        spop    add rip, rip, slen
                andn    istate, istate, #3
                bit     zero, sf, #SF_MTF_ARMED | jz boundary
; M1: the MTF exit follows the instruction, RIP on the next one, qualification 0.
mtf_exit:       li      reason, #EXIT_MONITOR_TRAP_FLAG | goto vmexit

; insn exit REASON LEN [qual=Q]: the instruction exits; RIP stays on it (X3), no MTF (M2).
insn_exit:      mov     reason, sarg
                mov     qual, saddr
                spop    mov xilen, slen         | goto vmexit   ; the pop is the last word to read the item

; A flow the slice does not have: an illegal word, so the LegalOp assertion stops the run.
unimplemented:  trap
