; VM entry: VMLAUNCH/VMRESUME, the launch-state check (behaviour.md E1) and the guest-state load.
; This file is assembled first: its first word is the reset address 0.

.equ SF_MTF_ARMED 0        ; sf bit: the MTF control is in effect; an MTF exit follows the next instruction

idle:           ewait                                   ; wait for VMLAUNCH/VMRESUME
                vmrd    t0, VMCS_LAUNCH_STATE
                bit     zero, req, #0           | jz vmresume
vmlaunch:       mov     zero, t0                | jnz fail_launched      ; E1: VMLAUNCH needs a clear VMCS
                goto    load_guest_launch
vmresume:       mov     zero, t0                | jz fail_not_launched   ; E1: VMRESUME needs a launched one
                goto    load_guest

; E2 and E3 (injection and guest-state checks) come here, before the VMCS is marked launched.
load_guest_launch:
                li      t0, #1
                vmwr    VMCS_LAUNCH_STATE, t0
load_guest:     vmrd    rip, GUEST_RIP
                vmrd    rsp, GUEST_RSP
                vmrd    rflags, GUEST_RFLAGS
                vmrd    cssel, GUEST_CS_SELECTOR
                vmrd    csbase, GUEST_CS_BASE
                vmrd    istate, GUEST_INTERRUPTIBILITY_INFO
                vmrd    dbgtrap, GUEST_PENDING_DBG_EXCEPTIONS
                vmrd    act, GUEST_ACTIVITY_STATE
                vmrd    proc, CPU_BASED_VM_EXEC_CONTROL
; Exit-information registers start at 0: an exit writes as 0 every field it does not define (X1).
                li      qual, #0
                li      xinfo, #0
                li      xec, #0
                li      idtinfo, #0
                li      idtec, #0
                li      xilen, #0
; The MTF control counts only where the processor supports it (config mtf_supported).
                bit     t0, proc, #CPU_MTF_BIT
                bit     t1, cfg, #CFG_MTF_SUPPORTED
                and     sf, t0, t1                      | goto boundary   ; SF_MTF_ARMED is bit 0

fail_launched:  li      t0, #VMERR_VMLAUNCH_NONCLEAR    | goto vmfail
fail_not_launched:
                li      t0, #VMERR_VMRESUME_NONLAUNCHED | goto vmfail
