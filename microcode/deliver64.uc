; IA-32e delivery (behaviour.md D2): 16-byte gates, read as two 8-byte reads (low half first);
; checks in the order of the SDM's INT pseudocode: limit, type, DPL (types 4, 6), present; then
; SS, RSP, RFLAGS, CS, RIP [, error code], 8 bytes each, below RSP aligned down to 16.
; In: t0 = vector.

.include "consts.inc"

deliver_ia32e:  shl     t1, t0, #4
                add     t2, t1, #15
                ltu     zero, idtlim, t2        | jnz idt_gp             ; 16v + 15 > limit
                add     t1, t1, idtbase
                mrd.8   t2, t1                  | jfault plan_fault      ; low half
                add     t1, t1, #8
                mrd.8   t3, t1                  | jfault plan_fault      ; high half
                field   t1, t2, #GATE_TYPE_SHIFT, #GATE_TYPE_WIDTH
                sub     zero, t1, #GATE_INTR    | jz ia32e_type_ok
                sub     zero, t1, #GATE_TRAP    | jnz idt_gp
ia32e_type_ok:  call    gate_dpl
                mov     zero, t0                | jnz idt_gp_no_ext
                bit     zero, t2, #GATE_P_BIT   | jz idt_np
                andn    t1, rsp, #0xf
                sub     t1, t1, #8
                mwr.8   t1, sssel & sub t1, t1, #8      | jfault plan_fault
                mwr.8   t1, rsp & sub t1, t1, #8        | jfault plan_fault
                mwr.8   t1, rflags & sub t1, t1, #8     | jfault plan_fault
                mwr.8   t1, cssel & sub t1, t1, #8      | jfault plan_fault
                mwr.8   t1, evrip                       | jfault plan_fault
                bit     zero, evinfo, #INFO_EC_BIT | jz ia32e_commit
                sub     t1, t1, #8
                mwr.8   t1, evec                        | jfault plan_fault
; Every push went through: RSP, RIP <- offset 63:0, CS <- selector, RFLAGS without TF, NT, RF (and
; IF for an interrupt gate).
ia32e_commit:   mov     rsp, t1
                and     rip, t2, #0xffff
                shr     t0, t2, #48
                shl     t0, t0, #16
                or      rip, rip, t0
                shl     t0, t3, #32
                or      rip, rip, t0
                shr     t0, t2, #16
                and     cssel, t0, #0xffff
                ldc     t0, #RFLAGS_TF | RFLAGS_NT | RFLAGS_RF
                andn    rflags, rflags, t0
                field   t0, t2, #GATE_TYPE_SHIFT, #GATE_TYPE_WIDTH
                sub     zero, t0, #GATE_INTR    | jnz delivered
                clrb    rflags, rflags, #RFLAGS_IF_BIT | goto delivered
