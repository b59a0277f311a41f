//! The patient's access log as the messages write it: an entry at this block, always followed
//! by the action's event, and what an entry is about besides its action.

use crate::ehr::Ehr;
use crate::errors::Result;
use crate::types::*;
use ink::codegen::Env as _;
use ink::primitives::AccountId;

impl Ehr {
    /// Appends `actor`'s `action` to `patient`'s log, at this block, then emits `event`. The
    /// messages log only through this, so every entry has its event (a message with more
    /// events emits the rest after it). The entry comes first: one that cannot be appended
    /// emits nothing.
    pub(crate) fn log_and_emit<E: ink::env::Event>(
        &mut self,
        patient: AccountId,
        actor: AccountId,
        action: Action,
        about: About,
        event: E,
    ) -> Result<()> {
        self.log(patient, actor, action, about)?;
        self.env().emit_event(event);
        Ok(())
    }

    /// The entry of `log_and_emit`, kept out of the generic part so that the contract holds
    /// its code once, not once per event type.
    fn log(
        &mut self,
        patient: AccountId,
        actor: AccountId,
        action: Action,
        about: About,
    ) -> Result<()> {
        let entry = LogEntry {
            actor,
            action,
            counterpart: about.counterpart,
            record: about.record,
            version: about.version,
            at: self.env().block_timestamp(),
            block: self.env().block_number(),
            as_guardian: actor != patient && self.care.is_guardian(patient, actor),
        };
        self.audit.append(patient, &entry)
    }
}

/// What a log entry is about besides its action: the other party, the record and the version.
#[derive(Clone, Copy)]
pub(crate) struct About {
    counterpart: Option<AccountId>,
    record: Option<RecordId>,
    version: Option<VersionId>,
}

impl About {
    /// The action concerns the patient's account alone.
    pub(crate) const NOTHING: Self = Self {
        counterpart: None,
        record: None,
        version: None,
    };

    /// The action concerns another account.
    pub(crate) fn party(account: AccountId) -> Self {
        Self::NOTHING.with(Some(account))
    }

    /// The action concerns a grant or request of `doctor` for `scope`.
    pub(crate) fn grant(doctor: AccountId, scope: Scope) -> Self {
        Self {
            record: scope.record(),
            ..Self::party(doctor)
        }
    }

    /// The action concerns one version of a record.
    pub(crate) fn version(record: RecordId, version: VersionId) -> Self {
        Self {
            record: Some(record),
            version: Some(version),
            ..Self::NOTHING
        }
    }

    /// The same, naming the other account when there is one.
    pub(crate) fn with(self, counterpart: Option<AccountId>) -> Self {
        Self {
            counterpart,
            ..self
        }
    }
}
