//! Registrars' acts on accounts that two messages share: approving a change of the registrar
//! set (adding and removing) and setting a doctor's status (verifying and suspending).

use crate::ehr::Ehr;
use crate::errors::{Error, Result};
use crate::events::*;
use crate::store::accounts::Approval;
use crate::types::*;
use ink::codegen::Env as _;
use ink::primitives::AccountId;

impl Ehr {
    /// Records `by`'s approval of adding (or removing) `registrar`; emits the approval, or the
    /// change once it has its majority. True when the change took effect.
    pub(crate) fn approve_registrar_change(
        &mut self,
        by: AccountId,
        registrar: AccountId,
        add: bool,
    ) -> Result<bool> {
        match self.accounts.approve(by, registrar, add)? {
            Approval::Pending { approvals, needed } => {
                self.env().emit_event(RegistrarChangeApproved {
                    registrar,
                    by,
                    add,
                    approvals,
                    needed,
                });
                Ok(false)
            }
            Approval::Done => {
                self.env().emit_event(RegistrarChanged {
                    registrar,
                    by,
                    added: add,
                });
                Ok(true)
            }
        }
    }

    /// A registrar (never the doctor itself) sets a doctor's status.
    pub(crate) fn set_doctor_status(
        &mut self,
        account: AccountId,
        status: DoctorStatus,
    ) -> Result<()> {
        let caller = self.env().caller();
        self.accounts.ensure_registrar(caller)?;
        if caller == account {
            return Err(Error::SelfVerification);
        }
        let mut doctor = self.accounts.doctor(account)?;
        doctor.status = status;
        self.accounts.set_doctor(account, &doctor);
        self.env().emit_event(DoctorStatusChanged {
            doctor: account,
            registrar: caller,
            status,
        });
        Ok(())
    }
}
