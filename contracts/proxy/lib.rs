//! A test fixture, not part of the product: a contract that forwards calls to an ehr contract.
//!
//! The adversarial e2e suite uses it to show that ehr's authority follows the *direct* caller:
//! a doctor calling through this proxy is the proxy to ehr, so the doctor's grants do not
//! apply. It also stands in for "a contract that is not ehr" when the CLI is pointed at the
//! wrong address.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

pub use self::proxy::{Proxy, ProxyRef};

#[ink::contract]
mod proxy {
    use ehr::{AccessKind, EhrRef, RecordId, Scope, VersionId};
    use ink::env::call::FromAccountId;

    /// Forwards calls to the ehr contract at `ehr`.
    #[ink(storage)]
    pub struct Proxy {
        ehr: AccountId,
    }

    impl Proxy {
        /// A proxy for the ehr contract at `ehr`.
        #[ink(constructor)]
        pub fn new(ehr: AccountId) -> Self {
            Self { ehr }
        }

        /// The ehr contract this proxy calls.
        #[ink(message)]
        pub fn target(&self) -> AccountId {
            self.ehr
        }

        /// Calls ehr's `open_record` as this contract; returns ehr's answer unchanged.
        #[ink(message)]
        pub fn open_record(
            &mut self,
            patient: AccountId,
            record_id: RecordId,
            version_id: VersionId,
        ) -> ehr::Result<()> {
            self.ehr_ref().open_record(patient, record_id, version_id)
        }

        /// Calls ehr's `grant_access` as this contract; returns ehr's answer unchanged.
        #[ink(message)]
        pub fn grant_access(
            &mut self,
            patient: AccountId,
            doctor: AccountId,
            scope: Scope,
            kind: AccessKind,
        ) -> ehr::Result<()> {
            self.ehr_ref()
                .grant_access(patient, doctor, scope, kind, None)
        }

        fn ehr_ref(&self) -> EhrRef {
            <EhrRef as FromAccountId<ink::env::DefaultEnvironment>>::from_account_id(self.ehr)
        }
    }
}
