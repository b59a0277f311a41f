//! A runtime's refusal of a call (`DispatchError`), typed: a pallet's error by pallet and
//! variant name as the metadata names them, so callers match on names, never on message text.

/// Why the runtime refused a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DispatchFailure {
    /// For a pallet's error: its pallet and variant (e.g. `Contracts`, `ContractReverted`).
    pub module: Option<(String, String)>,
    /// The whole error in words (with the contract's debug output, if any).
    pub text: String,
}

impl DispatchFailure {
    /// From subxt's decoded error.
    pub(crate) fn from_subxt(err: &subxt::error::DispatchError) -> Self {
        let module = match err {
            subxt::error::DispatchError::Module(m) => m
                .details()
                .ok()
                .map(|d| (d.pallet.name().to_string(), d.variant.name.clone())),
            _ => None,
        };
        Self {
            module,
            text: err.to_string(),
        }
    }

    /// True when this is `pallet::variant`.
    pub fn is(&self, pallet: &str, variant: &str) -> bool {
        self.module
            .as_ref()
            .is_some_and(|(p, v)| p == pallet && v == variant)
    }

    /// True when this is one of pallet-contracts' errors in `variants`.
    pub fn is_contracts(&self, variants: &[&str]) -> bool {
        variants.iter().any(|v| self.is("Contracts", v))
    }

    /// Adds the contract's debug output to the words.
    pub(crate) fn with_debug(mut self, debug_message: &str) -> Self {
        if !debug_message.is_empty() {
            self.text
                .push_str(&format!(" (contract debug output: {debug_message})"));
        }
        self
    }
}

impl std::fmt::Display for DispatchFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contracts(variant: &str) -> DispatchFailure {
        DispatchFailure {
            module: Some(("Contracts".into(), variant.into())),
            text: format!("Pallet error: Contracts::{variant}"),
        }
    }

    #[test]
    fn matches_by_pallet_and_variant_works() {
        let e = contracts("ContractReverted");
        assert!(e.is("Contracts", "ContractReverted"));
        assert!(!e.is("Balances", "ContractReverted"));
        assert!(e.is_contracts(&["ContractTrapped", "ContractReverted"]));
        assert!(!e.is_contracts(&["ContractTrapped"]));
        // words that merely mention a name are not that error
        let other = DispatchFailure {
            module: None,
            text: "Other error mentioning ContractReverted".into(),
        };
        assert!(!other.is_contracts(&["ContractReverted"]));
    }

    #[test]
    fn debug_output_is_appended_works() {
        let e = contracts("ContractTrapped").with_debug("panicked at lib.rs");
        assert_eq!(
            e.to_string(),
            "Pallet error: Contracts::ContractTrapped (contract debug output: panicked at lib.rs)"
        );
    }
}
