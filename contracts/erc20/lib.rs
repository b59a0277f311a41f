//! A benchmark fixture, not part of the product: the smallest useful ERC-20, written the way
//! the ink! examples write it (total supply, balances in a `Mapping`, `transfer` returning a
//! `Result`, a `Transfer` event with indexed topics).
//!
//! `scripts/bench` deploys it next to ehr on the same node and compares ehr's messages with
//! its `transfer`: the cheapest state change a user of a contracts chain pays for.
#![cfg_attr(not(feature = "std"), no_std, no_main)]

pub use self::erc20::{Erc20, Erc20Ref, Error};

#[ink::contract]
mod erc20 {
    use ink::storage::Mapping;

    /// The token: its supply and every holder's balance.
    #[ink(storage)]
    pub struct Erc20 {
        total_supply: Balance,
        balances: Mapping<AccountId, Balance>,
    }

    /// Tokens moved from one account to another (`from` is `None` when minted).
    #[ink(event)]
    pub struct Transfer {
        #[ink(topic)]
        from: Option<AccountId>,
        #[ink(topic)]
        to: Option<AccountId>,
        value: Balance,
    }

    /// Why a transfer was refused.
    #[derive(Debug, PartialEq, Eq, Clone, Copy)]
    #[ink::scale_derive(Encode, Decode, TypeInfo)]
    pub enum Error {
        /// The sender holds less than the amount.
        InsufficientBalance,
    }

    impl Erc20 {
        /// Mints `total_supply` to the caller.
        #[ink(constructor)]
        pub fn new(total_supply: Balance) -> Self {
            let caller = Self::env().caller();
            let mut balances = Mapping::default();
            balances.insert(caller, &total_supply);
            Self::env().emit_event(Transfer {
                from: None,
                to: Some(caller),
                value: total_supply,
            });
            Self {
                total_supply,
                balances,
            }
        }

        /// All tokens in existence.
        #[ink(message)]
        pub fn total_supply(&self) -> Balance {
            self.total_supply
        }

        /// What `owner` holds (0 for an unknown account).
        #[ink(message)]
        pub fn balance_of(&self, owner: AccountId) -> Balance {
            self.balances.get(owner).unwrap_or_default()
        }

        /// Moves `value` tokens from the caller to `to`.
        ///
        /// # Errors
        /// `InsufficientBalance` when the caller holds less than `value`.
        #[ink(message)]
        pub fn transfer(&mut self, to: AccountId, value: Balance) -> Result<(), Error> {
            let from = self.env().caller();
            let Some(left) = self.balance_of(from).checked_sub(value) else {
                return Err(Error::InsufficientBalance);
            };
            self.balances.insert(from, &left);
            let to_balance = self.balance_of(to);
            self.balances.insert(to, &to_balance.saturating_add(value));
            self.env().emit_event(Transfer {
                from: Some(from),
                to: Some(to),
                value,
            });
            Ok(())
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[ink::test]
        fn transfer_moves_balance_works() {
            let accounts = ink::env::test::default_accounts::<ink::env::DefaultEnvironment>();
            let mut token = Erc20::new(100);
            assert_eq!(token.transfer(accounts.bob, 30), Ok(()));
            assert_eq!(token.balance_of(accounts.alice), 70);
            assert_eq!(token.balance_of(accounts.bob), 30);
            assert_eq!(token.total_supply(), 100);
        }

        #[ink::test]
        fn transfer_beyond_balance_is_refused() {
            let accounts = ink::env::test::default_accounts::<ink::env::DefaultEnvironment>();
            let mut token = Erc20::new(10);
            assert_eq!(
                token.transfer(accounts.bob, 11),
                Err(Error::InsufficientBalance)
            );
            assert_eq!(token.balance_of(accounts.alice), 10);
        }
    }
}
