; Protected-mode delivery (behaviour.md D3, D6, D7): 8-byte gates in one read; types 0xE/0xF
; (32-bit), 0x6/0x7 (16-bit) and 0x5 (task gate: a task-switch exit); then the target code segment
; (target_cs); on a privilege change the new stack SSn:ESPn from the 32-bit TSS, checked; the gate
; offset against the CS limit; then [SS, ESP,] EFLAGS, CS, EIP [, error code], 4 bytes each (2 for
; 16-bit gates), at SS base + ESP, ESP not aligned. In: t0 = vector.

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
                bit     zero, sf, #SF_EXTB_BIT  | jz prot_dpl         ; types 4, 6: the gate's DPL
prot_present:   bit     zero, t2, #GATE_P_BIT   | jz idt_np
                sub     zero, t1, #GATE_TASK    | jnz.t target_cs
; D3: a task gate: a task-switch exit, qualification (IDT task gate) | TSS selector, IDT-vectoring
; = the event; no descriptor is read. An exit during delivery finds the guest active and without
; STI/MOV-SS blocking (vmx-facts.md section 6).
task_gate:      call    guest_unblocked
                field   t0, t2, #GATE_SEL_SHIFT, #GATE_SEL_WIDTH
                ldc     qual, #QUAL_TASK_SWITCH_IDT
                or      qual, qual, t0
                call    vectoring_info
                li      reason, #EXIT_TASK_SWITCH | goto vmexit
; The DPL check of a software interrupt or exception (D3).
prot_dpl:       call    gate_dpl
                mov     zero, t0                | jnz idt_gp_no_ext
                goto    prot_present

; The gate offset (in finfo until the commit): bits 15:0, with bits 63:48 as 31:16 through a
; 32-bit gate.
prot_stack:     and     finfo, t2, #0xffff
                bit     zero, t2, #GATE_D_BIT   | jz prot_tss
                shr     t0, t2, #48
                lio     finfo, t0, t2                   ; (t0 << 16) | t2[15:0]
; D6: a privilege change takes SSn (into fec) and ESPn (into t3) of the new CPL from the TSS and
; checks the new SS and its descriptor (into t6) in the order of D6.
prot_tss:       sub     zero, t5, cpl           | jz prot_cs_limit
                shl     t0, t5, #3                      ; 8 bytes a slot
                add     t0, t0, #TSS32_ESP0
                call    tss_slot
                mov     zero, t1                | jnz tss_fault
                add     t1, t0, #TSS32_SS
                mrd.2   fec, t1                 | jfault plan_fault
                mrd.4   t3, t0                  | jfault plan_fault
                call    gdt_slot
                mov     zero, t1                | jnz ts_sel             ; null, the LDT or beyond the GDT
                and     t1, fec, #SEL_RPL
                sub     zero, t1, t5            | jnz ts_sel             ; RPL != the new CPL
                mrd.8   t6, t0                  | jfault plan_fault
                field   t1, t6, #DESC_DPL_SHIFT, #DESC_DPL_WIDTH
                sub     zero, t1, t5            | jnz ts_sel             ; DPL != the new CPL
                bit     zero, t6, #DESC_S_BIT   | jz ts_sel              ; not a writable data segment
                bit     zero, t6, #DESC_CODE_BIT | jnz ts_sel
                bit     zero, t6, #DESC_W_BIT   | jz ts_sel
                bit     zero, t6, #DESC_P_BIT   | jz ss_sel
; On both paths the gate offset must lie within the CS limit.
prot_cs_limit:  mov     t1, t4                  | call desc_limit
                ltu     zero, t8, finfo         | jnz prot_gp
; The stack for the push helpers: t7 = its base, t3 = the stack pointer, wrapping at the mask t8;
; t1 = the bits of the new ESP above the mask, which the pushes leave alone.
                ldc     t8, #0xffffffff                 ; ESP wraps at 32 bits
                sub     zero, t5, cpl           | jnz prot_new_stack
                and     t3, rsp, t8                     ; the same stack: SS base + ESP
                mov     t7, ssbase
                li      t1, #0                  | goto prot_frame
prot_new_stack: mov     t1, t6                  | call desc_base
                li      t1, #0
                bit     zero, t6, #DESC_DB_BIT  | jnz.t prot_push_ss       ; B = 1: ESPn
                andn    t1, t3, #0xffff                 ; B = 0: SPn below ESPn's upper half
                li      t8, #0xffff                     ; SP wraps at 16 bits (each push masks t3)
prot_push_ss:   mov     faddr, sssel            | call push
                mov     zero, t0                | jnz plan_fault
                mov     faddr, rsp              | call push
                mov     zero, t0                | jnz plan_fault
prot_frame:     mov     faddr, rflags           | call push
                mov     zero, t0                | jnz plan_fault
                mov     faddr, cssel            | call push
                mov     zero, t0                | jnz plan_fault
                mov     faddr, evrip            | call push
                mov     zero, t0                | jnz plan_fault
                bit     zero, evinfo, #INFO_EC_BIT | jz.t prot_commit
                mov     faddr, evec             | call push
                mov     zero, t0                | jnz plan_fault
; Every push went through: RSP <- the stack pointer below the bits above its mask, RIP <- the
; offset; on a privilege change SS <- SSn with base, limit and access rights from its
; descriptor; then CS, CPL and RFLAGS.
prot_commit:    or      rsp, t1, t3
                mov     rip, finfo
                sub     zero, t5, cpl           | jz.t gate_commit
                mov     sssel, fec
                mov     t1, t6                  | call desc_decode
                mov     ssbase, t7
                mov     sslim, t8
                mov     ssar, t3                | goto gate_commit

prot_gp:        li      fec, #0                 | goto gp_sel            ; #GP(0 + EXT)
