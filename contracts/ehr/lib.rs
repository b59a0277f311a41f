//! # ehr: patient-owned electronic health records
//!
//! The contract is the source of truth for who may do what with a patient's records. It never
//! holds plaintext health data: only x25519 public keys, hashes, ciphertext and wrapped keys that
//! the `ehr` CLI produces on the patient's or doctor's own machine.
//!
//! This first version holds the patient registry: a patient registers their encryption public
//! key, and anyone can look it up to wrap record keys for them.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

pub use self::ehr::{Ehr, EhrRef, Error, Patient, PublicKey, Result};

#[ink::contract]
mod ehr {
    use ink::storage::Mapping;

    /// An x25519 public key: what a record's data key is wrapped to.
    pub type PublicKey = [u8; 32];

    /// Everything that can go wrong in a message. A message that returns an error changes no state.
    #[derive(Debug, PartialEq, Eq, Clone, Copy)]
    #[ink::scale_derive(Encode, Decode, TypeInfo)]
    pub enum Error {
        /// The caller is already registered as a patient.
        PatientAlreadyRegistered,
        /// The account is not registered as a patient.
        PatientNotRegistered,
        /// The public key is all zeros, which no x25519 secret produces.
        InvalidPublicKey,
        /// A counter would overflow.
        Overflow,
    }

    /// The contract's result type.
    pub type Result<T> = core::result::Result<T, Error>;

    /// A registered patient. Holds no personal data: only what is needed to encrypt for them.
    #[derive(Debug, Clone, PartialEq, Eq)]
    #[ink::scale_derive(Encode, Decode, TypeInfo)]
    #[cfg_attr(feature = "std", derive(ink::storage::traits::StorageLayout))]
    pub struct Patient {
        /// The patient's x25519 public key.
        pub encryption_key: PublicKey,
        /// When the patient registered (block timestamp, ms since the Unix epoch).
        pub registered_at: Timestamp,
    }

    /// A patient registered.
    #[ink(event)]
    pub struct PatientRegistered {
        /// The new patient.
        #[ink(topic)]
        pub patient: AccountId,
        /// Their x25519 public key.
        pub encryption_key: PublicKey,
    }

    /// The contract's storage.
    #[ink(storage)]
    #[derive(Default)]
    pub struct Ehr {
        /// Registered patients by account.
        patients: Mapping<AccountId, Patient>,
        /// How many patients have registered.
        patient_count: u32,
    }

    impl Ehr {
        /// Creates an empty registry.
        #[ink(constructor)]
        pub fn new() -> Self {
            Self::default()
        }

        /// Registers the caller as a patient with their x25519 public key.
        #[ink(message)]
        pub fn register_patient(&mut self, encryption_key: PublicKey) -> Result<()> {
            let caller = self.env().caller();
            Self::ensure_valid_key(&encryption_key)?;
            self.ensure_not_patient(caller)?;
            let patient_count = self.patient_count.checked_add(1).ok_or(Error::Overflow)?;
            let patient = Patient {
                encryption_key,
                registered_at: self.env().block_timestamp(),
            };
            self.patients.insert(caller, &patient);
            self.patient_count = patient_count;
            self.env().emit_event(PatientRegistered {
                patient: caller,
                encryption_key,
            });
            Ok(())
        }

        /// Returns a registered patient.
        #[ink(message)]
        pub fn patient(&self, account: AccountId) -> Result<Patient> {
            self.patients.get(account).ok_or(Error::PatientNotRegistered)
        }

        /// Returns how many patients have registered.
        #[ink(message)]
        pub fn patient_count(&self) -> u32 {
            self.patient_count
        }

        fn ensure_valid_key(key: &PublicKey) -> Result<()> {
            if key.iter().all(|b| *b == 0) {
                return Err(Error::InvalidPublicKey);
            }
            Ok(())
        }

        fn ensure_not_patient(&self, account: AccountId) -> Result<()> {
            if self.patients.contains(account) {
                return Err(Error::PatientAlreadyRegistered);
            }
            Ok(())
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;
        use ink::env::{test, DefaultEnvironment};

        fn accounts() -> test::DefaultAccounts<DefaultEnvironment> {
            test::default_accounts::<DefaultEnvironment>()
        }

        fn as_caller(account: AccountId) {
            test::set_caller::<DefaultEnvironment>(account);
        }

        const KEY: PublicKey = [7; 32];

        #[ink::test]
        fn register_patient_works() {
            // given
            let mut ehr = Ehr::new();
            as_caller(accounts().alice);
            test::set_block_timestamp::<DefaultEnvironment>(1_700_000_000_000);
            // when
            let result = ehr.register_patient(KEY);
            // then
            assert_eq!(result, Ok(()));
            assert_eq!(
                ehr.patient(accounts().alice),
                Ok(Patient {
                    encryption_key: KEY,
                    registered_at: 1_700_000_000_000
                })
            );
            assert_eq!(ehr.patient_count(), 1);
            assert_eq!(test::recorded_events().count(), 1);
        }

        #[ink::test]
        fn register_patient_twice_fails() {
            // given
            let mut ehr = Ehr::new();
            as_caller(accounts().alice);
            ehr.register_patient(KEY).unwrap();
            // when
            let result = ehr.register_patient([9; 32]);
            // then
            assert_eq!(result, Err(Error::PatientAlreadyRegistered));
            assert_eq!(ehr.patient(accounts().alice).unwrap().encryption_key, KEY);
            assert_eq!(ehr.patient_count(), 1);
        }

        #[ink::test]
        fn register_patient_with_zero_key_fails() {
            // given
            let mut ehr = Ehr::new();
            as_caller(accounts().bob);
            // when
            let result = ehr.register_patient([0; 32]);
            // then
            assert_eq!(result, Err(Error::InvalidPublicKey));
            assert_eq!(ehr.patient(accounts().bob), Err(Error::PatientNotRegistered));
            assert_eq!(ehr.patient_count(), 0);
        }

        #[ink::test]
        fn patient_of_unregistered_account_fails() {
            let ehr = Ehr::new();
            assert_eq!(ehr.patient(accounts().charlie), Err(Error::PatientNotRegistered));
        }
    }
}
