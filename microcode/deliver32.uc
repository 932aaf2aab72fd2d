; Protected-mode delivery (behaviour.md D3): 8-byte gates in one read; types 0xE/0xF (32-bit),
; 0x6/0x7 (16-bit) and 0x5 (task gate: a task-switch exit); EFLAGS, CS, EIP [, error code] at
; SS base + ESP, 4 bytes each (2 for 16-bit gates), ESP not aligned. In: t0 = vector.

.include "consts.inc"

deliver_protected:
                shl     t1, t0, #3
                add     t2, t1, #7
                ltu     zero, idtlim, t2        | jnz idt_gp             ; 8v + 7 > limit
                add     t1, t1, idtbase
                mrd.8   t2, t1                  | jfault plan_fault
                field   t1, t2, #GATE_TYPE_SHIFT, #GATE_TYPE_WIDTH
                ldc     t3, #GATE_TYPES_PROTECTED
                bit     zero, t3, t1            | jz idt_gp
                call    gate_dpl
                mov     zero, t0                | jnz idt_gp_no_ext
                bit     zero, t2, #GATE_P_BIT   | jz idt_np
                sub     zero, t1, #GATE_TASK    | jz task_gate
                shl     t3, rsp, #32
                shr     t3, t3, #32                     ; t3 = ESP
                bit     zero, t1, #GATE_TYPE_D_BIT | jz prot_frame16
                mov     faddr, rflags
                call    push4_esp
                mov     zero, t0                | jnz plan_fault
                mov     faddr, cssel
                call    push4_esp
                mov     zero, t0                | jnz plan_fault
                mov     faddr, evrip
                call    push4_esp
                mov     zero, t0                | jnz plan_fault
                bit     zero, evinfo, #INFO_EC_BIT | jz prot_commit
                mov     faddr, evec
                call    push4_esp
                mov     zero, t0                | jnz plan_fault
                goto    prot_commit
prot_frame16:   mov     faddr, rflags
                call    push2_esp
                mov     zero, t0                | jnz plan_fault
                mov     faddr, cssel
                call    push2_esp
                mov     zero, t0                | jnz plan_fault
                mov     faddr, evrip
                call    push2_esp
                mov     zero, t0                | jnz plan_fault
                bit     zero, evinfo, #INFO_EC_BIT | jz prot_commit
                mov     faddr, evec
                call    push2_esp
                mov     zero, t0                | jnz plan_fault
; RSP <- ESP; RIP <- offset (15:0 for a 16-bit gate); CS <- selector; RFLAGS as in IA-32e mode
; (odd types are trap gates, which keep IF).
prot_commit:    mov     rsp, t3
                and     rip, t2, #0xffff
                bit     zero, t1, #GATE_TYPE_D_BIT | jz prot_cs
                shr     t0, t2, #48
                shl     t0, t0, #16
                or      rip, rip, t0
prot_cs:        shr     t0, t2, #16
                and     cssel, t0, #0xffff
                ldc     t0, #RFLAGS_TF | RFLAGS_NT | RFLAGS_RF
                andn    rflags, rflags, t0
                bit     zero, t1, #GATE_TYPE_TRAP_BIT | jnz delivered
                clrb    rflags, rflags, #RFLAGS_IF_BIT | goto delivered

; D3: a task gate: a task-switch exit, qualification (IDT task gate) | TSS selector, IDT-vectoring = the event. An
; exit during delivery finds the guest active and without STI/MOV-SS blocking (vmx-facts.md section 6).
task_gate:      li      act, #ACT_ACTIVE
                smode   #SMODE_ALL
                andn    istate, istate, #ISTATE_STI_MOVSS
                shr     t0, t2, #16
                and     t0, t0, #0xffff
                ldc     qual, #QUAL_TASK_SWITCH_IDT
                or      qual, qual, t0
                call    vectoring_info
                li      reason, #EXIT_TASK_SWITCH | goto vmexit
