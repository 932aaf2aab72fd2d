; The guest's instructions, one stream item each (vector-format.md), and the exceptions they
; raise (behaviour.md X3, M2, M3, M6, M7).

.include "consts.inc"

insn_ok:        spop    add rip, slen, rip      | goto completed
; M6: each iteration of a REP instruction ends on a boundary; RIP moves on after the last.
insn_rep:       sub     t0, sarg, #1                    ; 0 on the last iteration
                spop    mov t1, slen
                mov     zero, t0                | jnz.t completed
                add     rip, rip, t1            | goto completed
; X3: the instruction's own exit; RIP stays on it; no MTF (M2).
insn_exit:      mov     reason, sarg
                mov     qual, saddr
                spop    mov xilen, slen         | goto vmexit
; HLT: exit 12 with HLT exiting; otherwise the guest halts after it (M7: an MTF exit then saves
; activity HLT).
insn_hlt:       spop    mov t1, slen
                bit     zero, proc, #CPU_HLT_EXIT_BIT | jz.t hlt_run
                mov     xilen, t1
                li      reason, #EXIT_HLT       | goto vmexit
hlt_run:        add     rip, rip, t1
                li      act, #ACT_HLT
                smode   #SMODE_EVENTS_ONLY      | goto completed
; A fault: a hardware exception on the instruction (RIP stays), with an error code when the vector
; has one and the guest is not in real mode.
insn_fault:     mov     t1, sarg
                mov     evec, sec
                mov     faddr, saddr
                spop    li t2, #0
                mov     zero, mode              | jz fault_info          ; MODE_REAL
                call    has_error_code                  ; t2 = has_error_code(t1)
fault_info:     shl     evinfo, t2, #INFO_EC_BIT
                or      evinfo, evinfo, t1
                ldc     t0, #INFO_HARD_EXC
                or      evinfo, evinfo, t0
                mov     zero, t2                | jnz.t fault_go
                li      evec, #0                        ; a #PF's bitmap test reads it (real mode: 0)
fault_go:       mov     evrip, rip              | goto guest_exception ; (type 3: evlen unread)
; INT n (type 4), INT3 and INTO (type 6), INT1 (type 5): return past the instruction (D5).
insn_int:       ldc     evinfo, #INFO_SOFT_INTR
                or      evinfo, sarg, evinfo    | goto software_event
insn_int3:      ldc     evinfo, #INFO_SOFT_EXC | VEC_BP | goto software_event
insn_into:      ldc     evinfo, #INFO_SOFT_EXC | VEC_OF | goto software_event
insn_int1:      ldc     evinfo, #INFO_PRIV_SOFT | VEC_DB
software_event: mov     evlen, slen
                add     evrip, slen, rip                ; (no error code, never a #PF: evec unread)
                spop                            | goto guest_exception

; An instruction completed: STI/MOV-SS blocking ends, TF raises a single-step trap, an MTF exit
; is due; then the next boundary.
completed:      andn    istate, istate, #ISTATE_STI_MOVSS
                bit     zero, rflags, #RFLAGS_TF_BIT | jnz completed_trap
completed_mtf:  bit     zero, sf, #SF_MTF_CTL_BIT   | jz.t boundary     ; (no MTF exit was due: it goes first)
                setb    sf, sf, #SF_MTF_DUE_BIT | goto boundary
completed_trap: setb    dbgtrap, dbgtrap, #DBG_BS_BIT
                setb    sf, sf, #SF_DBG_BIT     | goto completed_mtf

; guest_exception: an exception the guest raises (evinfo, evec, evlen, evrip; qual = a #DB trap's
; bits, faddr = a #PF's address; qual is 0 at every boundary, since only exits and take_dbg write
; it, and both an exit and guest_deliver clear it again). X3: through the exception bitmap (never INT n), else delivered.
guest_exception:
                field   t0, evinfo, #INFO_TYPE_SHIFT, #INFO_TYPE_WIDTH
                sub     zero, t0, #ITYPE_SOFT_INTR | jz guest_deliver
                field   t1, evinfo, #INFO_VECTOR_SHIFT, #INFO_VECTOR_WIDTH
                mov     t2, evec
                call    bitmap_exits
                mov     zero, t0                | jnz guest_exception_exit
                sub     zero, t1, #VEC_PF       | jnz.t guest_deliver
                field   t0, evinfo, #INFO_TYPE_SHIFT, #INFO_TYPE_WIDTH
                sub     zero, t0, #ITYPE_HARD_EXC | jnz guest_deliver
                cr2w    faddr                           ; F5: a guest #PF that is delivered sets CR2
guest_deliver:  li      qual, #0                | goto deliver   ; (deliver clears STI/MOV-SS blocking)
guest_exception_exit:
                mov     xinfo, evinfo
                bit     zero, evinfo, #INFO_EC_BIT | jz.t guest_exit_len
                mov     xec, evec
; Types 3, 5 and 6 get here (INT n, type 4, never consults the bitmap): 5 and 6 have the length.
guest_exit_len: bit     zero, evinfo, #INFO_TYPE_SOFT_BIT | jz.t guest_exit_qual
                mov     xilen, evlen
guest_exit_qual:
                sub     zero, t1, #VEC_PF       | jnz.t guest_exit_go
                mov     qual, faddr
guest_exit_go:  li      reason, #EXIT_EXCEPTION_NMI | goto vmexit

; Dispatch on the stream port's item kind (SK_*). An event does not get here: boundary sends an
; event at the head to gather, which consumes its whole group (events in a row are one group), and
; no_event follows gather. Its slots go where boundary sends it all the same, so that every value
; of the kind has a legal way on: no input leads to an illegal word (build/ustack, make formal).
item_kind:      goto    wait                    ; SK_NONE: the stream shows nothing
                goto    insn_ok                 ; SK_OK
                goto    insn_fault              ; SK_FAULT
                goto    insn_exit               ; SK_EXIT
                goto    insn_hlt                ; SK_HLT
                goto    insn_int                ; SK_INT
                goto    insn_int3               ; SK_INT3
                goto    insn_into               ; SK_INTO
                goto    insn_int1               ; SK_INT1
                goto    insn_rep                ; SK_REP
                goto    boundary_events         ; SK_EXTINT
                goto    boundary_events         ; SK_NMI
                goto    boundary_events         ; SK_SMI
                goto    boundary_events         ; SK_INIT
                goto    boundary_events         ; SK_TICK
                goto    boundary_events         ; 15: no kind (gather takes it as a tick)
