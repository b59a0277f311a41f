//! Contract refusals in words a patient or doctor understands, with what to do next, and the
//! exit code of every failure.

use ehr::Error;
use ehr_chain::ChainError;

/// Exit code: the contract refused (a rule said no).
pub const EXIT_REFUSED: u8 = 3;
/// Exit code: the node could not be reached or failed.
pub const EXIT_NODE: u8 = 4;
/// Exit code: anything else (bad input, unreadable file, ...). Usage errors exit 2 (clap).
pub const EXIT_OTHER: u8 = 1;
/// Exit code: a transaction of the command landed (fees paid, public), then a later step failed.
pub const EXIT_PARTIAL: u8 = 5;

/// A sentence for each refusal.
pub fn refusal(e: Error) -> &'static str {
    match e {
        Error::PatientAlreadyRegistered => "this account is already registered as a patient",
        Error::PatientNotRegistered => "that account is not a registered patient; they register with `ehr patient register`",
        Error::DoctorAlreadyRegistered => "this account is already registered as a doctor",
        Error::DoctorNotRegistered => "that account is not a registered doctor; doctors register with `ehr doctor register`",
        Error::InvalidPublicKey => "the encryption key is invalid (all zeros)",
        Error::InvalidProfileField => "a profile field is empty or longer than 128 bytes",
        Error::NotRegistrar => "only a registrar (licensing authority) may do this",
        Error::RegistrarAlreadyExists => "that account is already a registrar",
        Error::RegistrarNotFound => "that account is not a registrar",
        Error::LastRegistrar => "the last registrar cannot be removed; add another one first",
        Error::SelfVerification => "a registrar cannot verify or suspend themselves",
        Error::DoctorSuspended => "the doctor is suspended by a registrar; no grant works until they are verified again",
        Error::SelfGrant => "you cannot grant access to yourself",
        Error::NoAccess => "you have no grant that allows this; ask the patient for access (`ehr doctor request`)",
        Error::GrantExpired => "your access has expired; ask the patient for a new grant (`ehr doctor request`)",
        Error::GrantNotFound => "there is no such grant (see `ehr access list`)",
        Error::TooManyGrants => "you already hold the most grants a chart may have (64); revoke one first",
        Error::InvalidExpiry => "the expiry is not in the future",
        Error::RequestPending => "you already have a request awaiting this patient's decision",
        Error::RequestNotFound => "there is no pending request from that doctor (see `ehr access requests`)",
        Error::TooManyRequests => "this patient has too many requests awaiting a decision; try again later",
        Error::ApprovalWidens => "an approval may only narrow the request (scope, kind, expiry), never widen it",
        Error::RecordNotFound => "there is no such record (see `ehr record list`)",
        Error::VersionNotFound => "there is no such version of the record",
        Error::InvalidLength => "the record is empty or larger than 4 MiB of ciphertext",
        Error::InvalidChunk => "a chunk of the upload has the wrong size",
        Error::NotAuthor => "only the version's author (or the patient) may do this",
        Error::VersionIncomplete => "the version is still being uploaded; try again when its author has finished",
        Error::VersionComplete => "the version is already complete",
        Error::VersionErased => "the patient erased this version",
        Error::ReaderHasNoAccess => "a key was wrapped for someone without read access",
        Error::InvalidWrap => "a wrapped key has an invalid size",
        Error::TooManyWraps => "too many wrapped keys in one call",
        Error::TooManyReaders => "this version already has the most readers it may have (80)",
        Error::WrapNotFound => "you hold no key for this version; ask the patient to share it (`ehr access sync`)",
        Error::NotPatient => "only the patient may do this (or, on the commands that take --for, a guardian they appointed)",
        Error::PageTooLarge => "a page may hold at most 50 entries",
        Error::Overflow => "a counter would overflow",
        Error::NotNextId => "someone else changed this chart meanwhile (or this exact change already landed); run the command again",
        Error::NotRegistered => "that account is neither a registered patient nor a registered doctor, so it has no encryption key; it registers with `ehr patient register`",
        Error::TooManyGuardians => "this chart already has the most guardians it may have (4); remove one first",
        Error::GuardianNotFound => "that account is not a guardian of this patient (see `ehr guardian list`)",
        Error::GuardianLevelTooLow => "you are this patient's guardian, but your level does not allow this; the patient can raise it with `ehr guardian add`",
        Error::InvalidEmergencyPolicy => "the emergency policy is invalid: the window must be more than 0 and at most 24h, at least one record type covered, and the two custodians distinct",
        Error::EmergencyNotEnabled => "this patient has not opted in to emergency access",
        Error::DoctorNotVerified => "only a doctor verified by a registrar may break the glass (`ehr registrar verify`)",
        Error::EmergencyActive => "your emergency access to this chart is still in force; a new one can start when it ends",
        Error::EmergencyNotActive => "there is no emergency access in force for that doctor (it expired, the patient opted out, or it never started)",
        Error::NotCustodian => "you are not one of this patient's emergency custodians",
        Error::WrapExists => "that reader already holds a key for this version (keys are never replaced)",
        Error::WrapMissing => "a new version must carry a key for the patient and for its writer",
        Error::NotNextChunk => "that chunk is not the upload's next one (it was already stored); run `ehr record resume`, which reads where the upload stands",
        Error::GrantLapsed => "that grant was made by a guardian who no longer manages this chart, so it ended; the patient can grant it again (`ehr access grant`)",
        Error::NoChunksLeft => "every chunk of that erased version is freed already; nothing is left to do",
        Error::VersionNotErased => "the version is not erased; erase it first (`ehr record erase`)",
        Error::ReaderHasAccess => "that reader still has access; revoke it first (`ehr access revoke`)",
        Error::RequestCooldown => "this patient denied your last request less than a day ago; wait, or contact them another way",
        Error::EmergencyCooldown => "your last break-glass on this chart ended less than an hour ago; a new one may start after that",
        Error::NotParty => "only the patient or the doctor concerned may see this",
        Error::AlreadyApproved => "you already approved this change; other registrars must approve it too (`ehr registrar proposals`)",
    }
}

/// The exit code for an error.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    match err.downcast_ref::<ChainError>() {
        Some(e) if e.is_contract_refusal() => EXIT_REFUSED,
        Some(e) if e.is_node_failure() => EXIT_NODE,
        _ => EXIT_OTHER,
    }
}

/// The exit code for an error that came after `landed` transactions: a node failure stays 4, and
/// anything else is 5, never a code that says nothing was sent.
pub fn exit_code_after(err: &anyhow::Error, landed: &[crate::landed::Landed]) -> u8 {
    match exit_code(err) {
        code if landed.is_empty() || code == EXIT_NODE => code,
        _ => EXIT_PARTIAL,
    }
}

/// One error of a chain in words: a refusal explained, anything else as it is.
pub fn describe(err: &(dyn std::error::Error + 'static)) -> String {
    match err.downcast_ref::<ChainError>() {
        Some(ChainError::Contract(e)) => format!("refused: {} ({e:?})", refusal(*e)),
        Some(ChainError::ContractInBlock(e)) => format!(
            "refused in its block: {} ({e:?}). The chain changed after the dry run; nothing was stored, but the transaction and what it carried are public in that block",
            refusal(*e)
        ),
        Some(e @ (ChainError::CannotPay(_) | ChainError::CannotPayDeposit { .. })) => format!(
            "{e}. This transaction was not sent. Fund the account first, e.g. `ehr transfer <account> <amount>` from a funded account (on a dev chain: --suri //Alice)"
        ),
        Some(e @ ChainError::Connect { .. }) => format!(
            "{e}. Is it running? Start a local one with `ehr node start`, or pass --url (EHR_URL)"
        ),
        Some(e @ ChainError::NotEhr(_)) => format!(
            "{e}: check --contract (or EHR_CONTRACT, `ehr contract show`), or deploy ehr on this chain with `ehr deploy`"
        ),
        Some(e @ (ChainError::Reverted(_) | ChainError::Lang(_))) => format!(
            "{e}; is the address an ehr contract deployed by this version of ehr? (`ehr contract show`)"
        ),
        Some(e @ (ChainError::Unsettled { .. } | ChainError::Unconfirmed { .. })) => format!(
            "{e}. Before running the command again, check through a node that answers (--url) with `ehr history` (or `ehr watch --from <block>`) once the chain has finalized past it: running it now could do it twice"
        ),
        Some(e @ ChainError::MayLand { until, .. }) => format!(
            "{e}. Do not run the command again before block #{until} is finalized: then check with `ehr history` (or `ehr record list`) whether the change is there, and run it again only if not"
        ),
        Some(e @ ChainError::Retracted { .. }) => format!(
            "{e}. Check with `ehr history` (or `ehr record list`) whether the change is there, and run the command again if not"
        ),
        _ => err.to_string(),
    }
}

/// An error and its causes on one line (for a report that goes on after it).
pub fn chain_text(err: &anyhow::Error) -> String {
    err.chain().map(describe).collect::<Vec<_>>().join(": ")
}

/// The top-level message of an error.
pub fn message(err: &anyhow::Error) -> String {
    describe(
        err.chain()
            .next()
            .expect("an error has at least itself in its chain"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusal_is_explained_with_its_exit_code_works() {
        let err = anyhow::Error::new(ChainError::Contract(Error::GrantExpired));
        assert_eq!(exit_code(&err), EXIT_REFUSED);
        assert!(message(&err).contains("expired"));
        assert!(message(&err).contains("GrantExpired"));
    }

    #[test]
    fn unpaid_and_retracted_say_what_to_do_works() {
        let poor = anyhow::Error::new(ChainError::CannotPay(Box::new(ehr_chain::Shortfall {
            account: "5Grw".into(),
            has: "0 UNIT".into(),
            needs: "0.701 UNIT".into(),
            fee: "0.001 UNIT".into(),
            deposit: "0.699 UNIT".into(),
            value: None,
            keep: "0.001 UNIT".into(),
        })));
        assert_eq!(exit_code(&poor), EXIT_OTHER);
        let text = message(&poor);
        assert!(
            text.contains(
                "has 0 UNIT; this needs about 0.701 UNIT (fee 0.001 UNIT + deposit 0.699 UNIT + 0.001 UNIT every account must keep)"
            ),
            "{text}"
        );
        assert!(
            text.contains("This transaction was not sent") && text.contains("ehr transfer"),
            "{text}"
        );
        let gone = anyhow::Error::new(ChainError::Retracted {
            block: 12,
            message: "Transaction was dropped".into(),
        });
        assert_eq!(exit_code(&gone), EXIT_NODE);
        assert!(message(&gone).contains("block #12"));
        assert!(message(&gone).contains("nothing it did is on the finalized chain"));
    }

    #[test]
    fn failure_after_a_landing_is_partial_works() {
        let read = crate::landed::Landed {
            what: "open_record",
            block: 12,
            index: Some(1),
        };
        let local = anyhow::anyhow!("cannot write /x");
        assert_eq!(exit_code_after(&local, &[]), EXIT_OTHER);
        assert_eq!(
            exit_code_after(&local, std::slice::from_ref(&read)),
            EXIT_PARTIAL
        );
        let refused = anyhow::Error::new(ChainError::Contract(Error::WrapNotFound));
        assert_eq!(
            exit_code_after(&refused, std::slice::from_ref(&read)),
            EXIT_PARTIAL
        );
        let node = anyhow::Error::new(ChainError::NotIncluded("gone".into()));
        assert_eq!(exit_code_after(&node, &[read]), EXIT_NODE);
    }

    #[test]
    fn other_errors_keep_their_message_works() {
        let err = anyhow::anyhow!("cannot read x.pdf");
        assert_eq!(exit_code(&err), EXIT_OTHER);
        assert_eq!(message(&err), "cannot read x.pdf");
    }
}
