//! Shared setup: a contract deployed by `alice` (the first registrar), patients and doctors.

use crate::ehr::Ehr;
use crate::errors::{Error, Result};
use crate::types::*;
use ink::env::test::{self, DefaultAccounts};
use ink::env::DefaultEnvironment;
use ink::primitives::AccountId;

pub type Env = DefaultEnvironment;

pub fn accounts() -> DefaultAccounts<Env> {
    test::default_accounts::<Env>()
}

pub fn as_caller(account: AccountId) {
    test::set_caller::<Env>(account);
}

pub fn at(ms: Timestamp) {
    test::set_block_timestamp::<Env>(ms);
}

pub fn events() -> usize {
    test::recorded_events().count()
}

/// Runs `call`, which the contract must refuse, and checks that the refusal changed nothing:
/// no storage write (a remove counts as one), no event, the root's counters as they were.
/// Returns the contract's error.
pub fn refused<T: core::fmt::Debug>(
    ehr: &mut Ehr,
    call: impl FnOnce(&mut Ehr) -> Result<T>,
) -> Error {
    let contract = test::callee::<Env>();
    let writes = test::get_contract_storage_rw::<Env>(&contract).1;
    let (emitted, root) = (events(), ehr.root());
    let error = match call(ehr) {
        Err(e) => e,
        Ok(v) => panic!("expected a refusal, the call returned Ok({v:?})"),
    };
    assert_eq!(
        test::get_contract_storage_rw::<Env>(&contract).1,
        writes,
        "refused with {error:?}, but wrote to storage"
    );
    assert_eq!(
        events(),
        emitted,
        "refused with {error:?}, but emitted an event"
    );
    assert_eq!(
        ehr.root(),
        root,
        "refused with {error:?}, but changed the root"
    );
    error
}

/// The last event, decoded as `E`.
pub fn last_event<E: parity_scale_codec::Decode>() -> E {
    let event = test::recorded_events().last().expect("an event");
    E::decode(&mut &event.data[..]).expect("decodes as the expected event")
}

pub fn profile(specialization: &str) -> DoctorProfile {
    DoctorProfile {
        name: "Dr Who".into(),
        specialization: specialization.into(),
        clinic_address: "1 Main St".into(),
        branch: "North".into(),
        licence_number: "LIC-1".into(),
    }
}

pub fn key(n: u8) -> PublicKey {
    [n; 32]
}

/// alice deploys (registrar); bob is a patient; charlie and django are doctors; eve is nobody.
pub struct World {
    pub ehr: Ehr,
    pub alice: AccountId,
    pub bob: AccountId,
    pub charlie: AccountId,
    pub django: AccountId,
    pub eve: AccountId,
}

pub fn world() -> World {
    let a = accounts();
    at(1_000);
    as_caller(a.alice);
    let mut ehr = Ehr::new();
    as_caller(a.bob);
    ehr.register_patient(key(2)).unwrap();
    as_caller(a.charlie);
    ehr.register_doctor(key(3), profile("Cardiology")).unwrap();
    as_caller(a.django);
    ehr.register_doctor(key(4), profile("Dermatology")).unwrap();
    World {
        ehr,
        alice: a.alice,
        bob: a.bob,
        charlie: a.charlie,
        django: a.django,
        eve: a.eve,
    }
}

/// The id the next record of `patient`'s chart gets (what a writer encrypts for).
pub fn next_record(ehr: &Ehr, patient: AccountId) -> RecordId {
    ehr.patient(patient).map_or(1, |p| p.record_count + 1)
}

/// The next version of a record, as far as the current caller can see it.
pub fn next_version(ehr: &Ehr, patient: AccountId, record: RecordId) -> VersionId {
    ehr.record(patient, record)
        .map_or(1, |r| r.version_count + 1)
}

/// A new version's hash, length, first chunk and wraps.
pub fn nv(
    hash: Hash32,
    length: u32,
    chunk: Vec<u8>,
    wraps: Vec<(AccountId, Vec<u8>)>,
) -> NewVersion {
    NewVersion {
        hash,
        length,
        chunk,
        wraps,
    }
}

/// Wraps for `patient` and the current caller: what every new version must carry.
pub fn own_wraps(patient: AccountId) -> Vec<(AccountId, Vec<u8>)> {
    let caller = ink::env::caller::<Env>();
    let mut wraps = vec![(patient, vec![5; 80])];
    if caller != patient {
        wraps.push((caller, vec![6; 80]));
    }
    wraps
}

/// A record of bob's of `length` bytes of ciphertext, added by bob with its first full chunk
/// (`MAX_CHUNK_BYTES` of 1s) and a wrap for himself; `chunks` more full chunks of 2s uploaded.
pub fn add_chunked_record(w: &mut World, length: u32, chunks: u32) -> RecordId {
    let chunk = crate::limits::MAX_CHUNK_BYTES;
    as_caller(w.bob);
    let record = w
        .ehr
        .add_record(
            w.bob,
            next_record(&w.ehr, w.bob),
            RecordType::Imaging,
            nv([1; 32], length, vec![1; chunk as usize], own_wraps(w.bob)),
        )
        .unwrap();
    for index in 1..=chunks {
        w.ehr
            .upload_chunk(w.bob, record, 1, index, vec![2; chunk as usize])
            .unwrap();
    }
    record
}

/// A 1 KiB single-chunk record of bob's, added by bob with a wrap for himself.
pub fn add_small_record(w: &mut World) -> RecordId {
    as_caller(w.bob);
    w.ehr
        .add_record(
            w.bob,
            next_record(&w.ehr, w.bob),
            RecordType::Cardiac,
            nv([9; 32], 1024, vec![1; 1024], vec![(w.bob, vec![5; 80])]),
        )
        .unwrap()
}

impl World {
    /// bob grants `doctor` access.
    pub fn grant(
        &mut self,
        doctor: AccountId,
        scope: Scope,
        kind: AccessKind,
        expires_at: Option<Timestamp>,
    ) {
        as_caller(self.bob);
        self.ehr
            .grant_access(self.bob, doctor, scope, kind, expires_at)
            .unwrap();
    }

    /// alice, the first registrar, verifies `doctor` (only verified doctors ask for access or
    /// break the glass).
    pub fn verify(&mut self, doctor: AccountId) {
        as_caller(self.alice);
        self.ehr.verify_doctor(doctor).unwrap();
    }

    /// `doctor`, verified first, asks bob for access.
    pub fn request(&mut self, doctor: AccountId, scope: Scope, kind: AccessKind) {
        self.verify(doctor);
        as_caller(doctor);
        self.ehr.request_access(self.bob, scope, kind, 1).unwrap();
    }
}

/// The newest entry of bob's log (read as bob).
pub fn last_log(w: &World) -> LogEntry {
    as_caller(w.bob);
    let len = w.ehr.patient(w.bob).unwrap().log_len;
    w.ehr.history(w.bob, len - 1, 1).unwrap()[0]
}

/// An account from a number (for many distinct accounts).
pub fn account(n: u8) -> AccountId {
    AccountId::from([n; 32])
}
