//! What the `ehr account ...` commands print.

use crate::landed::Landing;
use crate::table::Table;
use serde::{Serialize, Serializer};
use zeroize::Zeroizing;

/// `ehr account new|import`'s result: the account saved to the keystore; a new one's secret
/// phrase, shown this once.
#[derive(Debug, Serialize)]
pub struct Saved {
    pub name: String,
    pub account: String,
    pub encryption_key: String,
    /// The keystore file.
    pub keystore: String,
    /// The phrase of a new account (absent for an imported one, whose owner has it).
    #[serde(skip_serializing_if = "Option::is_none", serialize_with = "phrase")]
    pub mnemonic: Option<Zeroizing<String>>,
}

fn phrase<S: Serializer>(p: &Option<Zeroizing<String>>, s: S) -> Result<S::Ok, S::Error> {
    p.as_deref().map(String::as_str).serialize(s)
}

impl std::fmt::Display for Saved {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let verb = if self.mnemonic.is_some() {
            "created"
        } else {
            "imported"
        };
        write!(
            f,
            "{verb} account {}: {}\n  encryption key {}\n  saved to {}",
            self.name, self.account, self.encryption_key, self.keystore
        )?;
        if let Some(phrase) = &self.mnemonic {
            write!(
                f,
                "\n\nsecret phrase (shown once; write it down, it is the only way to recover this account):\n  {}",
                phrase.as_str()
            )?;
        }
        Ok(())
    }
}

/// An entry of the keystore: its account, or why its file cannot be read.
#[derive(Debug, Serialize)]
pub struct Entry {
    pub name: String,
    pub account: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// `ehr account list`'s result: a JSON array, or a table.
#[derive(Debug, Serialize)]
pub struct Accounts(pub Vec<Entry>);

impl std::fmt::Display for Accounts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.0.is_empty() {
            return f.write_str(
                "no accounts in the keystore; create one with `ehr account new --name NAME`",
            );
        }
        let mut table = Table::new(["name", "account"]);
        for e in &self.0 {
            let shown = match (&e.account, &e.error) {
                (Some(a), _) => a.clone(),
                (None, why) => format!("unreadable: {}", why.as_deref().unwrap_or_default()),
            };
            table.row([e.name.clone(), shown]);
        }
        write!(f, "{table}")
    }
}

/// `ehr account show`'s result: the signing account and its keys.
#[derive(Debug, Serialize)]
pub struct Shown {
    pub account: String,
    /// The account's public key (hex).
    pub public_key: String,
    pub encryption_key: String,
}

impl std::fmt::Display for Shown {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "account {}\n  encryption key {}",
            self.account, self.encryption_key
        )
    }
}

/// `ehr account fingerprint`'s result: the fingerprint of the signing account's encryption key.
#[derive(Debug, Serialize)]
pub struct Fingerprint {
    pub account: String,
    pub fingerprint: String,
    pub encryption_key: String,
}

impl std::fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}\n  encryption key fingerprint {}",
            self.account, self.fingerprint
        )
    }
}

/// `ehr account trust`'s result: the key now pinned for an account, and the fingerprint of the
/// one it replaced.
#[derive(Debug, Serialize)]
pub struct Trusted {
    pub account: String,
    pub fingerprint: String,
    pub was: Option<String>,
}

impl std::fmt::Display for Trusted {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "accepted {}'s encryption key, fingerprint {}",
            self.account, self.fingerprint
        )?;
        if let Some(was) = &self.was {
            write!(f, " (was {was})")?;
        }
        Ok(())
    }
}

/// `ehr account rotate-key`'s result: the key published, and where it landed.
#[derive(Debug, Serialize)]
pub struct Rotated {
    pub action: &'static str,
    pub fingerprint: String,
    pub encryption_key: String,
    pub inclusion: Landing,
}

impl std::fmt::Display for Rotated {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "published your encryption key, fingerprint {}\n  {}\n  those who pinned your old key must accept this one (`ehr account trust`) after comparing fingerprints with you",
            self.fingerprint, self.inclusion
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_samples::{landing_with, ALICE, BOB};

    const FINGERPRINT: &str = "3f2a 91c0 77de 0b14 5a6e c2f9 18d3 4b70";

    fn saved(mnemonic: Option<&str>) -> Saved {
        Saved {
            name: "clinic".into(),
            account: ALICE.into(),
            encryption_key: "ab".repeat(32),
            keystore: "/home/ehr/.ehr/keys/clinic.json".into(),
            mnemonic: mnemonic.map(|m| Zeroizing::new(m.to_string())),
        }
    }

    fn accounts() -> Accounts {
        Accounts(vec![
            Entry {
                name: "broken".into(),
                account: None,
                error: Some("not a keystore file".into()),
            },
            Entry {
                name: "clinic".into(),
                account: Some(ALICE.into()),
                error: None,
            },
        ])
    }

    fn shown() -> Shown {
        Shown {
            account: ALICE.into(),
            public_key: "d4".repeat(32),
            encryption_key: "ab".repeat(32),
        }
    }

    fn fingerprint() -> Fingerprint {
        Fingerprint {
            account: ALICE.into(),
            fingerprint: FINGERPRINT.into(),
            encryption_key: "ab".repeat(32),
        }
    }

    fn trusted() -> Trusted {
        Trusted {
            account: BOB.into(),
            fingerprint: FINGERPRINT.into(),
            was: Some("0000 1111 2222 3333 4444 5555 6666 7777".into()),
        }
    }

    fn rotated() -> Rotated {
        Rotated {
            action: "rotate_key",
            fingerprint: FINGERPRINT.into(),
            encryption_key: "ab".repeat(32),
            inclusion: landing_with(0),
        }
    }

    const PHRASE: &str =
        "legal winner thank year wave sausage worth useful legal winner thank yellow";

    #[test]
    fn account_results_as_text_work() {
        let text = [
            saved(Some(PHRASE)).to_string(),
            saved(None).to_string(),
            accounts().to_string(),
            Accounts(vec![]).to_string(),
            shown().to_string(),
            fingerprint().to_string(),
            trusted().to_string(),
            rotated().to_string(),
        ];
        insta::assert_snapshot!(text.join("\n---\n"));
    }

    #[test]
    fn account_results_as_json_work() {
        insta::assert_json_snapshot!((
            (saved(Some(PHRASE)), saved(None), accounts()),
            (shown(), fingerprint(), trusted(), rotated())
        ));
    }
}
