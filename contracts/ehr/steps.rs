//! The state-changing steps two messages share: storing a grant (grant and approve), storing a
//! new version (add and update a record), approving a registrar change (add and remove),
//! setting a doctor's status (verify and suspend). Like the messages, they authorise, store, log and emit.

use crate::ehr::Ehr;
use crate::errors::{Error, Result};
use crate::events::*;
use crate::store::accounts::Approval;
use crate::support::About;
use crate::types::*;
use crate::validate;
use ink::codegen::Env as _;
use ink::primitives::AccountId;

impl Ehr {
    /// Checks and stores the grant `actor` (the patient, or their managing guardian) makes:
    /// granting and approving a request. A guardian's grant records the guardian, so that it
    /// ends with the guardianship.
    pub(crate) fn put_grant(
        &mut self,
        actor: AccountId,
        key: (AccountId, AccountId, Scope),
        kind: AccessKind,
        expires_at: Option<Timestamp>,
    ) -> Result<()> {
        self.ensure_grant_valid(actor, key, expires_at)?;
        let now = self.env().block_timestamp();
        let granted_by = if actor == key.0 {
            None
        } else {
            self.care
                .guardian(key.0, actor)
                .map(|g| (actor, g.appointed_at))
        };
        self.consent
            .put_grant(key, kind, expires_at, (now, granted_by))
    }

    /// Checks and stores the next version of `record` with its first chunk and wraps.
    pub(crate) fn store_version(
        &mut self,
        patient: AccountId,
        record_id: RecordId,
        mut record: Record,
        action: Action,
        new: NewVersion,
    ) -> Result<VersionId> {
        let author = self.env().caller();
        validate::length(new.length)?;
        let version_id = record.version_count.checked_add(1).ok_or(Error::Overflow)?;
        if [patient, author]
            .iter()
            .any(|must| !new.wraps.iter().any(|(reader, _)| reader == must))
        {
            return Err(Error::WrapMissing);
        }
        let key = (patient, record_id, version_id);
        self.rules()
            .ensure_wraps(key, record.record_type, 0, &new.wraps)?;
        record.version_count = version_id;
        let mut version = Version {
            author,
            created_at: self.env().block_timestamp(),
            block: self.env().block_number(),
            hash: new.hash,
            length: new.length,
            chunk_count: 0,
            bytes_stored: 0,
            reader_count: 0,
            erased: false,
        };
        let readers = validate::wrap_count(new.wraps.len())?;
        self.records.append_chunk(key, &mut version, new.chunk)?;
        self.records.set_record(patient, record_id, &record);
        self.records.add_wraps(key, &mut version, new.wraps)?;
        self.records.set_version(key, &version);
        self.log(
            patient,
            author,
            action,
            About::version(record_id, version_id),
        )?;
        self.env().emit_event(KeysWrapped {
            patient,
            by: author,
            record: record_id,
            version: version_id,
            readers,
        });
        self.env().emit_event(RecordVersionAdded {
            patient,
            author,
            record: record_id,
            version: version_id,
            record_type: record.record_type,
            length: new.length,
            complete: version.complete(),
        });
        Ok(version_id)
    }

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
