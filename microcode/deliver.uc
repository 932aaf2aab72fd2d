; Event delivery through the guest IDT (behaviour.md D1-D5): the subroutine `deliver`, its
; attempt loop, and the shared tails of the three modes (deliver64.uc, deliver32.uc,
; deliver16.uc). The event: evinfo (interruption-information format, valid), evec (its error
; code, pushed when evinfo bit 11), evlen (its instruction length), evrip (the RIP its frame
; returns to). `deliver` returns when the guest is at the handler; an exit during delivery
; (nested.uc) ends the run from inside it. An attempt commits nothing until it succeeds, so a
; nested exception finds the guest state as it was before the delivery began.

.include "consts.inc"

deliver:        field   origtype, evinfo, #INFO_TYPE_SHIFT, #INFO_TYPE_WIDTH
                sub     zero, origtype, #ITYPE_NMI | jnz attempt
                or      istate, istate, #ISTATE_NMI     ; A2: NMI blocking, before any exit
; F1: the EXT bit is set for this attempt unless it is the first for a type 4 or 6 event.
attempt:        setb    sf, sf, #SF_EXTB_BIT
                sub     zero, origtype, #ITYPE_SOFT_INTR | jz attempt_no_ext
                sub     zero, origtype, #ITYPE_SOFT_EXC | jnz attempt_mode
attempt_no_ext: clrb    sf, sf, #SF_EXTB_BIT
attempt_mode:   field   t0, evinfo, #INFO_VECTOR_SHIFT, #INFO_VECTOR_WIDTH ; t0 = vector
                mov     zero, mode              | disp attempt_table     ; by MODE_*
attempt_table:  goto    deliver_real
                goto    deliver_protected
                goto    deliver_ia32e

; The guest is at the handler: active, no STI/MOV-SS blocking, and an MTF exit is due (M2-M4, M7).
delivered:      li      act, #ACT_ACTIVE
                smode   #SMODE_ALL
                andn    istate, istate, #ISTATE_STI_MOVSS
                clrb    sf, sf, #SF_MTF_DUE_BIT
                bit     zero, sf, #SF_MTF_CTL_BIT   | jz delivered_done
                setb    sf, sf, #SF_MTF_DUE_BIT
delivered_done: ret

; gate_dpl: t0 = 1 when the event is a software interrupt or exception (types 4, 6) and the gate's
; DPL is below the CPL.
gate_dpl:       field   t0, evinfo, #INFO_TYPE_SHIFT, #INFO_TYPE_WIDTH
                sub     zero, t0, #ITYPE_SOFT_INTR | jz gate_dpl_check
                sub     zero, t0, #ITYPE_SOFT_EXC | jz gate_dpl_check
                li      t0, #0                  | ret
gate_dpl_check: field   t0, t2, #GATE_DPL_SHIFT, #GATE_DPL_WIDTH
                ltu     t0, t0, cpl             | ret

; Faults the IDT raises for the event's vector: #GP/#NP(8v + 2 + EXT); the DPL check's #GP(8v + 2).
idt_gp:         li      finfo, #INFO_EC | VEC_GP | goto idt_error_code
idt_np:         li      finfo, #INFO_EC | VEC_NP
idt_error_code: field   t0, evinfo, #INFO_VECTOR_SHIFT, #INFO_VECTOR_WIDTH
                shl     t0, t0, #3
                add     fec, t0, #ERRCODE_IDT
                bit     t0, sf, #SF_EXTB_BIT
                or      fec, fec, t0            | goto nested_exception
idt_gp_no_ext:  li      finfo, #INFO_EC | VEC_GP
                field   t0, evinfo, #INFO_VECTOR_SHIFT, #INFO_VECTOR_WIDTH
                shl     t0, t0, #3
                add     fec, t0, #ERRCODE_IDT   | goto nested_exception

; A fault from the fault plan (latched in mfvec, mfec, mfaddr). Outside real mode it has an error
; code when its vector pushes one; #TS, #NP, #SS and #GP take the EXT bit.
plan_fault:     mov     t1, mfvec
                mov     fec, mfec
                mov     faddr, mfaddr
                li      t2, #0
                mov     zero, mode              | jz plan_ec             ; MODE_REAL
                call    has_error_code                  ; t2 = has_error_code(t1)
plan_ec:        shl     finfo, t2, #INFO_EC_BIT
                or      finfo, finfo, t1
                mov     zero, t2                | jnz plan_ext
                li      fec, #0                 | goto nested_exception
plan_ext:       sub     t0, t1, #VEC_TS
                ltu     zero, t0, #4            | jz nested_exception  ; #TS, #NP, #SS, #GP
                bit     t0, sf, #SF_EXTB_BIT
                or      fec, fec, t0            | goto nested_exception

; Protected and real mode push through these: t3 = ESP (SP), the value in faddr; each returns
; t0 = 1 when the write faulted (the caller then takes plan_fault).
push4_esp:      sub     t3, t3, #4
                shl     t3, t3, #32
                shr     t3, t3, #32                     ; ESP wraps at 32 bits
                add     t0, ssbase, t3
                mwr.4   t0, faddr               | jnofault push_ok
                li      t0, #1                  | ret
push_ok:        li      t0, #0                  | ret
push2_esp:      sub     t3, t3, #2
                shl     t3, t3, #32
                shr     t3, t3, #32
                add     t0, ssbase, t3
                mwr.2   t0, faddr               | jnofault push_ok
                li      t0, #1                  | ret
push2_sp:       sub     t3, t3, #2
                and     t3, t3, #0xffff                 ; SP wraps at 16 bits
                add     t0, ssbase, t3
                mwr.2   t0, faddr               | jnofault push_ok
                li      t0, #1                  | ret
