; VM exits (behaviour.md X1, X2, X4), the VM-entry failure exit (E3) and VMfailValid (E1, E2).

.include "consts.inc"

; vmexit: reason, qual, xinfo, xec, idtinfo, idtec and xilen hold the exit information (0 where
; the exit does not define a field); the other registers hold the guest state to save. Pending
; debug exceptions (dbgtrap) are saved as 0, except by MTF, INIT and SMI exits (vmexit_keep_dbg):
; every other exit finds dbgtrap 0, since the arbiter takes a pending debug trap before any of
; them (guest.uc) and take_dbg clears it, so both names are one entry.
; Each write of an exit-information field also clears its register for the next run.
; X4 asks CS limit and access rights and all of SS only of exits that are not VM-entry failures;
; a VM-entry failure writes them too, unchanged: they still hold the values loaded.
vmexit:
vmexit_keep_dbg:
                vmwr    VM_EXIT_REASON, reason
                vmwr    EXIT_QUALIFICATION, qual & and qual, qual, zero
                vmwr    VM_EXIT_INTR_INFO, xinfo & and xinfo, xinfo, zero
                vmwr    VM_EXIT_INTR_ERROR_CODE, xec & and xec, xec, zero
                vmwr    IDT_VECTORING_INFO_FIELD, idtinfo & and idtinfo, idtinfo, zero
                vmwr    IDT_VECTORING_ERROR_CODE, idtec & and idtec, idtec, zero
                vmwr    VM_EXIT_INSTRUCTION_LEN, xilen & and xilen, xilen, zero
                vmwr    GUEST_RIP, rip
                vmwr    GUEST_RSP, rsp
                vmwr    GUEST_RFLAGS, rflags
                vmwr    GUEST_CS_SELECTOR, cssel
                vmwr    GUEST_CS_BASE, csbase
                vmwr    GUEST_CS_LIMIT, cslim
                vmwr    GUEST_CS_AR_BYTES, csar
                vmwr    GUEST_SS_SELECTOR, sssel
                vmwr    GUEST_SS_BASE, ssbase
                vmwr    GUEST_SS_LIMIT, sslim
                vmwr    GUEST_SS_AR_BYTES, ssar
                vmwr    GUEST_INTERRUPTIBILITY_INFO, istate
                vmwr    GUEST_PENDING_DBG_EXCEPTIONS, dbgtrap & and dbgtrap, dbgtrap, zero
; The activity state is saved only with config save_activity 1 (the claims' save indicator).
                bit     zero, cfg, #CFG_SAVE_ACTIVITY | jz exit_checked
                vmwr    GUEST_ACTIVITY_STATE, act
; X2: an exit that is not a VM-entry failure clears the valid bit of the entry interruption info.
; X4: with "save VMX-preemption timer value", the timer as it stands (0 after a timer exit); a
; VM-entry failure skips it like X2.
exit_checked:   bit     zero, reason, #ENTRY_FAIL_BIT | jnz exit_done
                bit     zero, xctl, #XCTL_SAVE_TIMER_BIT | jz.t clear_entry_valid
                field   t0, tmr, #0, #TMR_TSC_SHIFT     ; the timer half
                vmwr    VMX_PREEMPTION_TIMER_VALUE, t0
clear_entry_valid:
                vmrd    t0, VM_ENTRY_INTR_INFO_FIELD
                clrb    t0, t0, #INTR_INFO_VALID_BIT
                vmwr    VM_ENTRY_INTR_INFO_FIELD, t0
; Any exit discards a pending MTF exit and pending debug traps (the VMM has them now).
exit_done:      andn    sf, sf, #SF_MTF_PENDING | SF_DBG     ; (dbgtrap is 0 again)
                done    exit                    | goto idle

; E3: a VM-entry failure, exit reason 0x80000021 (qual set by the check; fail_guest: qualification
; 0, which qual holds between runs); the guest state saved is the state loaded.
fail_guest:
entry_failure:  ldc     reason, #ENTRY_FAIL | EXIT_INVALID_GUEST_STATE | goto vmexit

; vmfail: t0 holds the VM-instruction error; nothing else in the VMCS changes.
vmfail:         vmwr    VM_INSTRUCTION_ERROR, t0
                done    vmfail                  | goto idle
