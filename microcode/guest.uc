; The guest at instruction boundaries (behaviour.md M1-M10, A1-A6): the next group of events is
; taken from the stream (ticks of the TSC count the VMX-preemption timer down), the arbiter picks
; the highest-priority pending event (M8: SMI and INIT, MTF, debug traps, the timer, the NMI
; window, NMI, the interrupt window, external interrupts), and otherwise the guest runs its next
; instruction (insn.uc). An inactive guest (HLT, shutdown, wait-for-SIPI) takes events only.

.include "consts.inc"

; Fast path: an active guest with nothing pending and no event at the head runs its instruction.
boundary:       mov     zero, act               | jnz boundary_events
                ltu     zero, skind, #SK_EXTINT | jz boundary_events     ; events at the head
                and     zero, sf, #SF_EVENTS    | jnz arbitrate
                mov     zero, skind             | disp item_kind         ; (an empty stream: wait)
boundary_events:
                call    gather
arbitrate:      sub     zero, act, #ACT_WAIT_SIPI | jz no_event          ; wait-for-SIPI blocks all
                bit     zero, sf, #SF_SMI_BIT   | jnz take_smi           ; SMI before INIT
                bit     zero, sf, #SF_INIT_BIT  | jnz take_init
                sub     zero, act, #ACT_SHUTDOWN | jz arb_timer          ; shutdown: timer, NMI window, NMI
                bit     zero, sf, #SF_MTF_DUE_BIT   | jnz take_mtf
                mov     zero, dbgtrap           | jnz take_dbg
                and     zero, sf, #SF_TIMER | SF_WINDOWS | jnz.t arb_timer
; Neither the timer nor a window can exit: NMI, then external interrupts. MOV-SS blocking holds an
; NMI, and so does bit 3 unless it is virtual-NMI blocking (pin bit 5, A6: a real NMI then exits).
; arb_nmi_late repeats these four words with its own way out (the interrupt window).
arb_nmi:        bit     zero, sf, #SF_NMI_BIT   | jz.t arb_ext
                and     zero, istate, #ISTATE_NMI | ISTATE_MOVSS | jz.t take_nmi
                bit     zero, istate, #ISTATE_MOVSS_BIT | jnz arb_ext
                bit     zero, pin, #PIN_VIRTUAL_NMIS_BIT | jnz take_nmi
arb_ext:        bit     zero, sf, #SF_EXT_BIT   | jz.t no_event
                and     zero, istate, #ISTATE_STI_MOVSS | jnz no_event    ; STI/MOV-SS blocking holds it
                bit     zero, pin, #PIN_EXT_INTR_EXIT_BIT | jnz take_ext_exit ; RFLAGS.IF does not matter
                bit     zero, rflags, #RFLAGS_IF_BIT | jnz.t take_ext
; Nothing to take: the next instruction, or (inactive) the next group of events; idle when the
; stream has none.
no_event:       mov     zero, act               | jnz inactive           ; not ACT_ACTIVE
                mov     zero, skind             | disp item_kind         ; (an empty stream: wait)
inactive:       mov     zero, zero              | jsvalid boundary
wait:           swait                           | goto boundary

; The timer or a window may exit (and every boundary in shutdown comes here). A3: the timer at 0,
; unless STI/MOV-SS blocking holds it (timer_sti 1). A4: no virtual-NMI or MOV-SS blocking, and no
; STI blocking with nmi_window_sti 1 (primary bit 22 implies virtual NMIs: bit 3 is virtual-NMI
; blocking). Then NMI as in arb_nmi; in shutdown nothing else.
arb_timer:      bit     zero, sf, #SF_TIMER_BIT | jz.t arb_nmi_window
                bit     zero, cfg, #CFG_TIMER_STI | jz.t take_timer
                and     zero, istate, #ISTATE_STI_MOVSS | jz take_timer
arb_nmi_window: bit     zero, proc, #CPU_NMI_WINDOW_BIT | jz.t arb_nmi_late
                and     zero, istate, #ISTATE_NMI | ISTATE_MOVSS | jnz arb_nmi_late
                bit     zero, cfg, #CFG_NMI_WINDOW_STI | jz take_nmi_window
                bit     zero, istate, #ISTATE_STI_BIT | jz.t take_nmi_window
arb_nmi_late:   bit     zero, sf, #SF_NMI_BIT   | jz.t arb_int_window
                and     zero, istate, #ISTATE_NMI | ISTATE_MOVSS | jz.t take_nmi
                bit     zero, istate, #ISTATE_MOVSS_BIT | jnz arb_int_window
                bit     zero, pin, #PIN_VIRTUAL_NMIS_BIT | jnz take_nmi
; A5: active or HLT, RFLAGS.IF = 1, no STI/MOV-SS blocking (which holds external interrupts too).
arb_int_window: sub     zero, act, #ACT_SHUTDOWN | jz no_event
                bit     zero, proc, #CPU_INT_WINDOW_BIT | jz arb_ext
                and     zero, istate, #ISTATE_STI_MOVSS | jnz no_event
                bit     zero, rflags, #RFLAGS_IF_BIT | jz arb_ext
                li      reason, #EXIT_INTERRUPT_WINDOW | goto vmexit
; A3, A4: qualification 0, no interruption information, the activity state saved as it is.
take_timer:     li      reason, #EXIT_PREEMPTION_TIMER | goto vmexit
take_nmi_window:
                li      reason, #EXIT_NMI_WINDOW | goto vmexit

; gather: events in a row arrive together; each becomes pending (a tick counts the timer down) and
; is consumed, until the one that ends its group.
gather:         mov     zero, zero              | jsempty gather_done
                ltu     zero, skind, #SK_EXTINT | jnz gather_done      ; an instruction
                sub     zero, skind, #SK_EXTINT | jnz.t gather_nmi
                setb    sf, sf, #SF_EXT_BIT
                mov     extvec, sarg            | goto gather_pop      ; a later one replaces it
gather_nmi:     sub     zero, skind, #SK_NMI    | jnz.t gather_smi
                setb    sf, sf, #SF_NMI_BIT     | goto gather_pop
gather_smi:     sub     zero, skind, #SK_SMI    | jnz.t gather_init
                setb    sf, sf, #SF_SMI_BIT     | goto gather_pop
gather_init:    sub     zero, skind, #SK_INIT   | jnz.t gather_tick
                setb    sf, sf, #SF_INIT_BIT    | goto gather_pop
; A3: N = sarg ticks. The timer drops by ((TSC mod 2^X) + N) >> X, X = timer_rate, stopping at 0;
; then TSC += N. tmr holds the timer (bits 31:0) and the TSC's low 32 bits (above), all that a
; rate up to 31 needs. The timer counts also when inactive (pin bit 6 = 0): the next VM entry with
; the timer active reloads it. Active and at 0, it is due at this boundary (SF_TIMER).
gather_tick:    field   t1, cfg, #CFG_TIMER_RATE0, #CFG_TIMER_RATE_WIDTH   ; X
                shr     t2, tmr, #TMR_TSC_SHIFT                 ; TSC
                setb    t3, zero, t1
                sub     t3, t3, #1
                and     t3, t2, t3                              ; TSC mod 2^X
                add     t3, sarg, t3
; the drop: t3 >> X, one bit of X at a time (shifts take immediate amounts)
                bit     zero, t1, #0            | jz.t tick_shr2
                shr     t3, t3, #1
tick_shr2:      bit     zero, t1, #1            | jz.t tick_shr4
                shr     t3, t3, #2
tick_shr4:      bit     zero, t1, #2            | jz.t tick_shr8
                shr     t3, t3, #4
tick_shr8:      bit     zero, t1, #3            | jz.t tick_shr16
                shr     t3, t3, #8
tick_shr16:     bit     zero, t1, #4            | jz.t tick_shifted
                shr     t3, t3, #16
tick_shifted:   add     t2, sarg, t2
                shl     t2, t2, #TMR_TSC_SHIFT                  ; TSC + N, its carry out of bit 31 gone
                field   t4, tmr, #0, #TMR_TSC_SHIFT             ; the timer
                sub     t5, t4, t3
                ltu     zero, t4, t3            | jz.t gather_timer
                li      t5, #0
gather_timer:   or      tmr, t2, t5
                mov     zero, t5                | jnz.t gather_pop
                bit     zero, pin, #PIN_TIMER_BIT | jz gather_pop
                setb    sf, sf, #SF_TIMER_BIT
gather_pop:     spop    mov t0, slast                   ; the pop is the last word to read the item
                mov     zero, t0                | jz gather
gather_done:    ret

; M9: an SMI. Default treatment: the SMM handler runs and RSM returns to the same activity state,
; a pending MTF exit kept. Dual-monitor treatment: an SMM VM exit, noting a pending MTF exit.
take_smi:       clrb    sf, sf, #SF_SMI_BIT
                bit     zero, cfg, #CFG_SMM_DUAL | jnz.t smi_exit
                smm                             | goto boundary
smi_exit:       bit     t0, sf, #SF_MTF_DUE_BIT
                shl     t0, t0, #REASON_PENDING_MTF_BIT
                or      reason, t0, #EXIT_OTHER_SMI | goto vmexit_keep_dbg
; M10: INIT exits, ahead of MTF.
take_init:      clrb    sf, sf, #SF_INIT_BIT
                li      reason, #EXIT_INIT_SIGNAL | goto vmexit_keep_dbg
; M1-M8: the MTF exit; a pending debug trap it wins over is saved (BS).
take_mtf:       li      reason, #EXIT_MONITOR_TRAP_FLAG | goto vmexit_keep_dbg
; A #DB trap: single-step, or pending debug exceptions from entry; its DR6-style bits are the
; qualification if it exits.
take_dbg:       ldc     t0, #DBG_B0_B3 | DBG_BS
                and     qual, dbgtrap, t0
                li      dbgtrap, #0
                clrb    sf, sf, #SF_DBG_BIT
                ldc     evinfo, #INFO_HARD_EXC | VEC_DB  ; (no error code, not a #PF: evec, evlen unread)
                mov     evrip, rip              | goto guest_exception
; A2: an NMI exits with NMI exiting, else it is delivered through vector 2.
take_nmi:       clrb    sf, sf, #SF_NMI_BIT
                bit     zero, pin, #PIN_NMI_EXIT_BIT | jnz.t nmi_exit
                ldc     evinfo, #INFO_NMI | VEC_NMI    ; (type 2, no error code: evec, evlen unread)
                mov     evrip, rip
                goto    deliver
nmi_exit:       ldc     xinfo, #INFO_NMI | VEC_NMI
                li      reason, #EXIT_EXCEPTION_NMI | goto vmexit
; A1: an external interrupt exits with external-interrupt exiting (acknowledged, and consumed,
; only with "acknowledge interrupt on exit"), else it is delivered.
take_ext_exit:  li      reason, #EXIT_EXTERNAL_INTERRUPT
                bit     zero, xctl, #XCTL_ACK_INTR_BIT | jz vmexit
                clrb    sf, sf, #SF_EXT_BIT
                ldc     xinfo, #INFO_EXT_INTR
                or      xinfo, xinfo, extvec    | goto vmexit
take_ext:       clrb    sf, sf, #SF_EXT_BIT
                ldc     evinfo, #INFO_EXT_INTR
                or      evinfo, evinfo, extvec  ; (type 0, no error code: evec, evlen unread)
                mov     evrip, rip
                goto    deliver
