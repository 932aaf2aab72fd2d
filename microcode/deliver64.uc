; IA-32e delivery (behaviour.md D2, D6, D7): 16-byte gates, read as two 8-byte reads (low half
; first); checks in the order of the SDM's INT pseudocode: limit, type, DPL (types 4, 6), present;
; then the target code segment (target_cs); the new RSP from the TSS for an IST stack or a
; privilege change; then SS, RSP, RFLAGS, CS, RIP [, error code], 8 bytes each, below the new RSP
; aligned down to 16. In: t1 = 16 * the vector (deliver_ia32e, in deliver.uc).

.include "consts.inc"

ia32e_gate:     add     t2, t1, #15
                ltu     zero, idtlim, t2        | jnz idt_gp             ; 16v + 15 > limit
                add     t1, t1, idtbase
                mrd.8   t2, t1                  | jfault plan_fault      ; low half
                add     t1, t1, #8
                mrd.8   t3, t1                  | jfault plan_fault      ; high half
                field   t1, t2, #GATE_TYPE_SHIFT, #GATE_TYPE_WIDTH
                sub     zero, t1, #GATE_INTR    | jz.t ia32e_type_ok
                sub     zero, t1, #GATE_TRAP    | jnz.t idt_gp
ia32e_type_ok:  bit     zero, sf, #SF_EXTB_BIT  | jz ia32e_dpl        ; types 4, 6: the gate's DPL
ia32e_present:  bit     zero, t2, #GATE_P_BIT   | jnz.t target_cs
                goto    idt_np
ia32e_dpl:      call    gate_dpl
                mov     zero, t0                | jnz idt_gp_no_ext
                goto    ia32e_present
; D6: the new RSP (t1): from the TSS slot of the gate's IST stack when it names one, else from
; RSPn of the new CPL on a privilege change; else the stack stays.
ia32e_stack:    mov     t1, rsp
                field   t0, t2, #GATE_IST_SHIFT, #GATE_IST_WIDTH
                mov     zero, t0                | jz.t ia32e_rspn
                shl     t0, t0, #3                      ; 8 bytes a slot
                add     t0, t0, #TSS64_IST0     | goto ia32e_tss
ia32e_rspn:     sub     zero, t5, cpl           | jz.t ia32e_frame
                shl     t0, t5, #3
                add     t0, t0, #TSS64_RSP0
ia32e_tss:      call    tss_slot
                mov     zero, t1                | jnz tss_fault
                mrd.8   t1, t0                  | jfault plan_fault
ia32e_frame:    andn    t1, t1, #0xf
                sub     t1, t1, #8
                mwr.8   t1, sssel & sub t1, t1, #8      | jfault plan_fault
                mwr.8   t1, rsp & sub t1, t1, #8        | jfault plan_fault
                mwr.8   t1, rflags & sub t1, t1, #8     | jfault plan_fault
                mwr.8   t1, cssel & sub t1, t1, #8      | jfault plan_fault
                mwr.8   t1, evrip & sub t1, t1, #8      | jfault plan_fault
                bit     zero, evinfo, #INFO_EC_BIT | jz.t ia32e_no_ec
                mwr.8   t1, evec                        | jfault plan_fault
; Every push went through: RSP, RIP <- offset 63:0; on a privilege change SS <- the NULL selector
; with RPL = the new CPL (saved unusable, with DPL = the new CPL); then CS, CPL and RFLAGS.
ia32e_commit:   mov     rsp, t1
ia32e_rip:      field   t0, t3, #0, #32                 ; offset 63:32
                shr     t1, t2, #48                     ; offset 31:16
                lio     t0, t0, t1                      ; lio: (A << 16) | B[15:0]
                lio     rip, t0, t2                     ; offset 15:0
                sub     zero, t5, cpl           | jz.t gate_commit
                mov     sssel, t5
                li      ssbase, #0
                li      sslim, #0
                shl     t0, t5, #AR_DPL_SHIFT
                ldc     ssar, #AR_UNUSABLE | AR_S
                or      ssar, ssar, t0          | goto gate_commit
; Without an error code the frame ends one slot above t1.
ia32e_no_ec:    add     rsp, t1, #8             | goto ia32e_rip
