//! Typed contract messages: call data plus the type their answer decodes to.

use crate::error::{ChainError, Result};
use ink::env::call::{utils::ReturnType, utils::Set, Call, CallBuilder, ExecutionInput};
use ink::env::DefaultEnvironment;
use parity_scale_codec::{Decode, Encode};
use std::marker::PhantomData;

/// The call builder ink! generates for a message of a contract on the default environment.
pub type MessageBuilder<Args, R> = CallBuilder<
    DefaultEnvironment,
    Set<Call<DefaultEnvironment>>,
    Set<ExecutionInput<Args>>,
    Set<ReturnType<R>>,
>;

/// A contract message ready to send: its SCALE call data (selector + arguments) and the type
/// `R` that the contract's answer decodes to.
#[derive(Debug, Clone)]
pub struct Message<R> {
    /// The message's name, for progress output and errors.
    pub name: &'static str,
    data: Vec<u8>,
    _returns: PhantomData<fn() -> R>,
}

impl<R: Decode> Message<R> {
    /// Builds a message from the call builder that ink! generates for the contract, so the
    /// selector and argument encoding are the contract's own.
    pub fn from_builder<Args: Encode>(
        name: &'static str,
        builder: MessageBuilder<Args, R>,
    ) -> Self {
        Self {
            name,
            data: builder.params().exec_input().encode(),
            _returns: PhantomData,
        }
    }

    /// The call data: 4-byte selector followed by the SCALE-encoded arguments.
    pub fn data(&self) -> &[u8] {
        &self.data
    }

    /// Decodes what the contract returned: `Result<R, LangError>` as ink! writes it.
    pub fn decode_output(&self, mut bytes: &[u8]) -> Result<R> {
        let result = ink::MessageResult::<R>::decode(&mut bytes)
            .map_err(|e| ChainError::decode("the contract's answer", e))?;
        result.map_err(ChainError::Lang)
    }
}

/// Flattens a message result whose value is the contract's own `Result`.
pub(crate) fn contract_result<T>(r: core::result::Result<T, ehr::Error>) -> Result<T> {
    r.map_err(ChainError::Contract)
}
