//! Every message of the ehr contract as a typed [`Message`](crate::Message), built by the contract's own
//! ink!-generated call builder so selectors and argument encodings cannot drift. One module per
//! concern, as the contract's own `types/` has them; here, what they share.

use crate::ehr_contract::ink_account;
use ehr::{Hash32, NewVersion};
use ink::primitives::AccountId;
use subxt::utils::AccountId32;

/// A wrapped data key for one reader, as the contract takes it.
pub type Wrap = (AccountId32, Vec<u8>);

/// A new version as `add_record` and `update_record` take it: the ciphertext's hash and length,
/// its first chunk, and the first wrapped keys.
pub fn new_version(hash: Hash32, length: u32, chunk: Vec<u8>, readers: Vec<Wrap>) -> NewVersion {
    NewVersion {
        hash,
        length,
        chunk,
        wraps: wraps(readers),
    }
}

fn wraps(wraps: Vec<Wrap>) -> Vec<(AccountId, Vec<u8>)> {
    wraps
        .into_iter()
        .map(|(a, w)| (ink_account(&a), w))
        .collect()
}

/// Converts the contract's account ids in a result to subxt's.
pub fn to_account32(a: AccountId) -> AccountId32 {
    AccountId32(*a.as_ref())
}

/// A message built by the contract's call builder: `msg!(self, "name", call_mut.name(args))`.
/// Defined before the modules below, which use it.
macro_rules! msg {
    ($self:ident, $name:literal, $call:ident . $method:ident ( $($arg:expr),* )) => {{
        use ink::codegen::TraitCallBuilder;
        let mut contract = $self.builder();
        $crate::message::Message::from_builder($name, contract.$call().$method($($arg),*))
    }};
}

mod accounts;
mod audit;
mod care;
mod consent;
mod records;
