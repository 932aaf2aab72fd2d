; VM entry: VMLAUNCH/VMRESUME, the launch-state check (behaviour.md E1), the controls and guest
; state, the checks of checks.uc (E6 and E2, then E3, in the order of E4), the VMX-preemption
; timer (A3), and then injection (D1, M5) or the guest. This file is assembled first: its first
; word is the reset address 0.

.include "consts.inc"

; Pending events outlive VM exits; they start empty at reset. The exit-information registers are 0
; between runs (each exit clears them as it writes them): an exit writes as 0 every field it does
; not define (X1). reason is not among them: every path to vmexit writes it first.
reset:          li      sf, #0
                li      qual, #0
                li      xinfo, #0
                li      xec, #0
                li      idtinfo, #0
                li      idtec, #0
                li      xilen, #0
                li      dbgtrap, #0
                li      tmr, #0                         ; A3: the TSC (and the timer) start at 0 with the unit
idle:           ewait                                   ; wait for VMLAUNCH/VMRESUME
                vmrd    t0, VMCS_LAUNCH_STATE
                bit     zero, cfg, #REQ_LAUNCH_BIT | jz vmresume
vmlaunch:       mov     zero, t0                | jnz fail_launched      ; E1: VMLAUNCH needs a clear VMCS
                goto    load
vmresume:       mov     zero, t0                | jz fail_not_launched   ; E1: VMRESUME a launched one

; The controls and guest fields the flows use (E5: mode and CPL).
load:           vmrd    pin, PIN_BASED_VM_EXEC_CONTROL
                vmrd    proc, CPU_BASED_VM_EXEC_CONTROL
                vmrd    xctl, VM_EXIT_CONTROLS
                vmrd    bitmap, EXCEPTION_BITMAP
                vmrd    pfmask, PAGE_FAULT_ERROR_CODE_MASK
                vmrd    pfmatch, PAGE_FAULT_ERROR_CODE_MATCH
                vmrd    idtbase, GUEST_IDTR_BASE
                vmrd    idtlim, GUEST_IDTR_LIMIT
                vmrd    gdtbase, GUEST_GDTR_BASE
                vmrd    gdtlim, GUEST_GDTR_LIMIT
                vmrd    ssbase, GUEST_SS_BASE
                vmrd    sssel, GUEST_SS_SELECTOR
                vmrd    sslim, GUEST_SS_LIMIT
                vmrd    ssar, GUEST_SS_AR_BYTES
                vmrd    t3, GUEST_CR0                   ; t3 holds CR0 through the checks
                field   cpl, ssar, #AR_DPL_SHIFT, #AR_DPL_WIDTH ; CPL = SS.DPL (not right after
                                                ; the read: O would wait a cycle to rotate ssar)
                vmrd    t0, VM_ENTRY_CONTROLS
                li      mode, #MODE_IA32E
                bit     zero, t0, #ENTRY_IA32E_BIT | jnz.t load_guest
                field   mode, t3, #CR0_PE_BIT, #1       ; MODE_PROTECTED when CR0.PE, else MODE_REAL
load_guest:     vmrd    rip, GUEST_RIP
                vmrd    rsp, GUEST_RSP
                vmrd    rflags, GUEST_RFLAGS
                vmrd    cssel, GUEST_CS_SELECTOR
                vmrd    csbase, GUEST_CS_BASE
                vmrd    cslim, GUEST_CS_LIMIT
                vmrd    csar, GUEST_CS_AR_BYTES
                vmrd    istate, GUEST_INTERRUPTIBILITY_INFO
                vmrd    act, GUEST_ACTIVITY_STATE
                vmrd    evinfo, VM_ENTRY_INTR_INFO_FIELD
                vmrd    evec, VM_ENTRY_EXCEPTION_ERROR_CODE
                vmrd    evlen, VM_ENTRY_INSTRUCTION_LEN
                goto    check_controls                  ; E6, E2, then E3: on to checked when they pass
; A VMLAUNCH that passed the checks marks the VMCS launched: t2 = the request bit, 1
; (LAUNCH_STATE_LAUNCHED).
checked:        bit     t2, cfg, #REQ_LAUNCH_BIT | jz entered
                vmwr    VMCS_LAUNCH_STATE, t2
; From here to the injection t0 and t1 keep the event's type and vector (checks.uc).
; The stream port shows events only while the guest is inactive: every change of act sets the
; stream mode with it.
entered:        mov     zero, act               | jz.t entered_active
                smode   #SMODE_EVENTS_ONLY      | goto entered_mode
entered_active: smode   #SMODE_ALL
entered_mode:   andn    sf, sf, #SF_MTF_ALL | SF_TIMER | SF_WINDOWS
                bit     t2, proc, #CPU_MTF_BIT          ; -> SF_MTF_CTL (SF_MTF_CTL_BIT is 0)
                bit     zero, cfg, #CFG_MTF_SUPPORTED | jz entry_windows ; (cfg two words after smode: no wait)
                or      sf, sf, t2
; A4, A5: with window exiting on, every boundary goes to the arbiter, which checks the window.
entry_windows:  bit     zero, proc, #CPU_NMI_WINDOW_BIT | jnz entry_window_on
                bit     zero, proc, #CPU_INT_WINDOW_BIT | jz.t entry_timer
entry_window_on:
                setb    sf, sf, #SF_WINDOWS_BIT
; A3: an active timer loads from the VMCS (the TSC above it stays) after the checks and before
; injection; loaded as 0 it is due at the first boundary (after any injected event's delivery).
entry_timer:    bit     zero, pin, #PIN_TIMER_BIT | jz.t entry_event
                vmrd    t2, VMX_PREEMPTION_TIMER_VALUE
                shr     faddr, tmr, #TMR_TSC_SHIFT
                shl     faddr, faddr, #TMR_TSC_SHIFT
                or      tmr, faddr, t2
                mov     zero, t2                | jnz.t entry_event
                setb    sf, sf, #SF_TIMER_BIT
entry_event:    bit     zero, evinfo, #INTR_INFO_VALID_BIT | jz.t non_vectoring
                sub     zero, t0, #ITYPE_OTHER  | jnz.t vectoring      ; t0 = the type
; M5: a pending MTF exit, before any instruction, even with the control 0; it is not vectoring,
; so the pending debug exceptions stay.
                or      sf, sf, #SF_MTF_PENDING
                goto    non_vectoring
; D1: a vectoring entry delivers the event: the processor is active, no STI/MOV-SS blocking,
; pending debug exceptions dropped; types 4, 5, 6 return past the instruction (D5). The delivery
; makes the guest active and clears STI/MOV-SS blocking itself, on every way out (delivered,
; task_gate, nested_exception), and nothing reads act or istate before it does.
vectoring:      mov     evrip, rip
                bit     zero, t0, #ITYPE_SOFT_BIT | jz.t deliver      ; types 4, 5, 6 (7 is not vectoring)
                add     evrip, evrip, evlen     | goto deliver
; Pending debug exceptions loaded by a non-vectoring entry: a #DB trap at the first boundary when
; valid (BS or "enabled breakpoint"). None after an entry into shutdown or wait-for-SIPI (SDM
; 26.6.3: "no pending debug exceptions after VM entry" then), so the field is not read.
non_vectoring:  ltu     zero, act, #ACT_SHUTDOWN | jz boundary   ; act 2 or 3
                vmrd    t0, GUEST_PENDING_DBG_EXCEPTIONS
                and     zero, t0, #DBG_BS | DBG_BP_ENABLED | jz.t boundary
                mov     dbgtrap, t0
                setb    sf, sf, #SF_DBG_BIT     | goto boundary

fail_launched:  li      t0, #VMERR_VMLAUNCH_NONCLEAR    | goto vmfail
fail_not_launched:
                li      t0, #VMERR_VMRESUME_NONLAUNCHED | goto vmfail
