; Event delivery through the guest IDT (behaviour.md D1-D7): `deliver` (a jump, not a call), its
; attempt loop, and what the three modes (deliver64.uc, deliver32.uc, deliver16.uc) share: the
; target code segment (D7), the TSS and GDT slots, descriptor decoding, the commit of CS, the
; faults and the pushes. The event: evinfo (interruption-information format, valid), evec (its
; error code, pushed when evinfo bit 11), evlen (its instruction length), evrip (the RIP its frame
; returns to). evec is read only when evinfo has bit 11, and for a #PF by the exception bitmap's
; error-code test (bitmap_exits); evlen only for types 4, 5, 6 (D5, and an exit's instruction
; length: vectoring_info, guest_exit_len). An event with no error code (and not a #PF) or of
; another type does not write them: they keep an earlier event's values, which nothing reads. `deliver` goes on to the next boundary when the guest is at the handler; an exit during delivery
; (nested.uc) ends the run from inside it. An attempt keeps everything it computes in scratch
; registers and commits nothing until its last push went through, so a nested exception finds
; the guest state (RIP, RSP, RFLAGS, CS, SS, CPL) as it was before the delivery began.
; Through IA-32e and protected-mode attempts: t2 = the gate (its low 8 bytes), t4 = the target
; code segment's descriptor, t5 = the CPL after delivery (below cpl: a privilege change).

.include "consts.inc"

deliver:        field   origtype, evinfo, #INFO_TYPE_SHIFT, #INFO_TYPE_WIDTH
                sub     zero, origtype, #ITYPE_NMI | jnz.t attempt
                or      istate, istate, #ISTATE_NMI     ; A2: NMI blocking, before any exit
; F1: the EXT bit is set for this attempt unless it is the first for a type 4 or 6 event.
attempt:        setb    sf, sf, #SF_EXTB_BIT
                sub     zero, origtype, #ITYPE_SOFT_INTR | jz attempt_no_ext
                sub     zero, origtype, #ITYPE_SOFT_EXC | jnz.t attempt_mode
attempt_no_ext: clrb    sf, sf, #SF_EXTB_BIT
attempt_mode:   field   t0, evinfo, #INFO_VECTOR_SHIFT, #INFO_VECTOR_WIDTH ; t0 = vector
                sub     zero, mode, #MODE_IA32E | jz.t deliver_ia32e    ; the common mode, guessed
; Branches, not a dispatch on mode: a dispatch goes wherever the register's value points, and only
; the microcode's data would keep it in a table; a branch has a legal way on for every value
; (make formal proves the return stack's bounds and LegalOp for every input, build/ustack).
                sub     zero, mode, #MODE_REAL  | jz deliver_real
                goto    deliver_protected
deliver_ia32e:  shl     t1, t0, #4              | goto ia32e_gate

; The guest is at the handler: active, no STI/MOV-SS blocking, and an MTF exit is due (M2-M4, M7);
; on to its first boundary. Every way out of a delivery (here, task_gate, nested_exception) calls
; guest_unblocked, so the flows that start one do not.
delivered:      call    guest_unblocked
                clrb    sf, sf, #SF_MTF_DUE_BIT
                bit     zero, sf, #SF_MTF_CTL_BIT   | jz.t boundary
                setb    sf, sf, #SF_MTF_DUE_BIT | goto boundary

; guest_unblocked: the guest is active (the stream mode with it) and without STI/MOV-SS blocking:
; where a delivery ends, at the handler or in an exit during it (D1, vmx-facts.md section 6).
guest_unblocked:
                li      act, #ACT_ACTIVE
                smode   #SMODE_ALL
                andn    istate, istate, #ISTATE_STI_MOVSS | ret

; gate_dpl: t0 = 1 when the gate's DPL is below the CPL. The callers ask only for a software
; interrupt or exception (types 4, 6): the attempts without EXT (F1: the first attempt of such an
; event; a later one delivers a hardware exception).
gate_dpl:       field   t0, t2, #GATE_DPL_SHIFT, #GATE_DPL_WIDTH
                ltu     t0, t0, cpl             | ret

; D7: the target code segment of an interrupt or trap gate, after the gate's checks and before
; anything else: its descriptor read into t4 and checked in the order of D7, and t5 = the CPL
; after delivery (D6). fec holds the selector, so that a failed check's error code is its index
; and TI (+ EXT). Then on to the mode's stack.
target_cs:      field   fec, t2, #GATE_SEL_SHIFT, #GATE_SEL_WIDTH
                call    gdt_slot
                mov     zero, t1                | jnz gp_sel
                mrd.8   t4, t0                  | jfault plan_fault
                bit     zero, t4, #DESC_S_BIT   | jz gp_sel              ; a system descriptor
                bit     zero, t4, #DESC_CODE_BIT | jz gp_sel             ; data
                field   t5, t4, #DESC_DPL_SHIFT, #DESC_DPL_WIDTH
                ltu     zero, cpl, t5           | jnz gp_sel             ; DPL > CPL
                sub     zero, mode, #MODE_IA32E | jnz target_cs_prot
                bit     zero, t4, #DESC_L_BIT   | jz gp_sel              ; IA-32e: 64-bit code only
                bit     zero, t4, #DESC_DB_BIT  | jnz gp_sel
                bit     zero, t4, #DESC_P_BIT   | jz np_sel
; D6: a non-conforming segment runs the handler at its DPL (<= CPL, checked above): with DPL <
; CPL that is a privilege change; a conforming one keeps the CPL.
                bit     zero, t4, #DESC_C_BIT   | jz.t ia32e_stack
                mov     t5, cpl                 | goto ia32e_stack
target_cs_prot: bit     zero, t4, #DESC_P_BIT   | jz np_sel
                bit     zero, t4, #DESC_C_BIT   | jz.t prot_stack
                mov     t5, cpl                 | goto prot_stack

; gdt_slot: the GDT descriptor of selector fec (D7): t0 = its address; t1 = 1 when the selector
; is null, names the LDT (TI = 1, counted as beyond the limit) or ends beyond the GDT limit.
gdt_slot:       ltu     t1, fec, #4                     ; null: index 0 and TI 0 (any RPL)
                bit     t0, fec, #SEL_TI_BIT
                or      t1, t1, t0
                or      t0, fec, #SEL_TI | SEL_RPL      ; the descriptor's last byte
                ltu     t0, gdtlim, t0
                or      t1, t1, t0
                andn    t0, fec, #SEL_TI | SEL_RPL
                add     t0, t0, gdtbase         | ret

; tss_slot: the TSS's 8-byte slot at offset t0 (D6): t0 = its address; t1 = 1 when it ends beyond
; the TSS limit. Uses t6. TR is not loaded at entry: only a stack switch reads it (and tss_fault).
tss_slot:       vmrd    t1, GUEST_TR_LIMIT
                add     t6, t0, #7                      ; the slot's last byte
                ltu     t1, t1, t6
                vmrd    t6, GUEST_TR_BASE
                add     t0, t6, t0              | ret

; desc_decode: the segment of descriptor t1 as the VMCS holds it (D7): t3 = access rights
; (d[47:40] | d[55:52] << 12), t7 = base, t8 = limit. Uses t0.
desc_decode:    field   t3, t1, #DESC_AR_LOW_SHIFT, #DESC_AR_WIDTH
                and     t3, t3, #DESC_AR_MASK   | call desc_base
; desc_limit: t8 = the limit of descriptor t1 in bytes: d[15:0] | d[51:48] << 16, in 4-KiB pages
; (their last byte included) when G = 1. Uses t0.
desc_limit:     and     t8, t1, #DESC_LIMIT_LOW
                field   t0, t1, #DESC_LIMIT_HIGH_SHIFT, #DESC_LIMIT_HIGH_WIDTH
                shl     t0, t0, #LIMIT_HIGH_SHIFT
                or      t8, t8, t0
                bit     zero, t1, #DESC_G_BIT   | jz desc_limit_done
                shl     t8, t8, #LIMIT_PAGE_SHIFT
                or      t8, t8, #LIMIT_PAGE_BYTES
desc_limit_done:
                ret
; desc_base: t7 = the base of descriptor t1: d[39:16] | d[63:56] << 24. Uses t0.
desc_base:      field   t7, t1, #DESC_BASE_LOW_SHIFT, #DESC_BASE_LOW_WIDTH
                shr     t0, t1, #DESC_BASE_HIGH_SHIFT
                shl     t0, t0, #BASE_HIGH_SHIFT
                or      t7, t7, t0              | ret

; The commit both modes end with, once every push went through and RSP, RIP and (on a privilege
; change) SS are committed: CS <- the gate's selector with RPL = the new CPL, and base, limit and
; access rights from its descriptor (D2, D7); the CPL; RFLAGS without TF, NT, RF, and without IF
; through an interrupt gate.
gate_commit:    shr     t0, t2, #GATE_SEL_SHIFT
                and     t0, t0, #SEL_INDEX_TI
                or      cssel, t0, t5
                mov     t1, t4                  | call desc_decode
                mov     csbase, t7
                mov     cslim, t8
                mov     csar, t3
                mov     cpl, t5
                andn    rflags, rflags, #RFLAGS_TF | RFLAGS_NT
                clrb    rflags, rflags, #RFLAGS_RF_BIT
                bit     zero, t2, #GATE_TRAP_BIT | jnz delivered
                clrb    rflags, rflags, #RFLAGS_IF_BIT | goto delivered

; Faults the IDT raises for the event's vector: #GP/#NP(8v + 2 + EXT); the DPL check's #GP(8v + 2).
idt_gp:         li      finfo, #INFO_EC | VEC_GP | goto idt_error_code
idt_np:         li      finfo, #INFO_EC | VEC_NP
idt_error_code: field   t0, evinfo, #INFO_VECTOR_SHIFT, #INFO_VECTOR_WIDTH
                shl     t0, t0, #3
                add     fec, t0, #ERRCODE_IDT   | goto ext_error_code
idt_gp_no_ext:  li      finfo, #INFO_EC | VEC_GP
                field   t0, evinfo, #INFO_VECTOR_SHIFT, #INFO_VECTOR_WIDTH
                shl     t0, t0, #3
                add     fec, t0, #ERRCODE_IDT   | goto nested_exception
; Faults a segment selector raises (D6, D7): #TS, #SS, #NP, #GP(selector fec's index and TI + EXT);
; a null selector gives 0 + EXT. tss_fault names the TSS: #TS(GUEST_TR_SELECTOR + EXT).
tss_fault:      vmrd    fec, GUEST_TR_SELECTOR
ts_sel:         li      finfo, #INFO_EC | VEC_TS | goto sel_error_code
ss_sel:         li      finfo, #INFO_EC | VEC_SS | goto sel_error_code
np_sel:         li      finfo, #INFO_EC | VEC_NP | goto sel_error_code
gp_sel:         li      finfo, #INFO_EC | VEC_GP
sel_error_code: and     fec, fec, #SEL_INDEX_TI | goto ext_error_code

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
                mov     zero, t2                | jnz.t plan_ext
                li      fec, #0                 | goto nested_exception
plan_ext:       sub     t0, t1, #VEC_TS
                ltu     zero, t0, #4            | jz.t nested_exception  ; #TS, #NP, #SS, #GP
; The error code fec of the nested exception takes the attempt's EXT bit.
ext_error_code: bit     t0, sf, #SF_EXTB_BIT
                or      fec, fec, t0            | goto nested_exception

; Protected and real mode push through these: faddr at t7 + t3 - size, t3 (the stack pointer)
; wrapping at the mask t8; each returns t0 = 1 when the write faulted (the caller then takes
; plan_fault). `push` writes 4 bytes through a 32-bit gate (t2), 2 through a 16-bit one. A write
; that goes through falls through (a branch the sequencer guesses right, rtl/README.md).
push:           bit     zero, t2, #GATE_D_BIT   | jz push2
                sub     t3, t3, #4
                and     t3, t3, t8
                add     t0, t7, t3
                mwr.4   t0, faddr               | jfault push_fault
                li      t0, #0                  | ret
push2:          sub     t3, t3, #2
                and     t3, t3, t8
                add     t0, t7, t3
                mwr.2   t0, faddr               | jfault push_fault
                li      t0, #0                  | ret
push_fault:     li      t0, #1                  | ret
