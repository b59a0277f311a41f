//! What `ehr emergency enable/disable/status/break-glass/release` print: one value each, shown
//! as text or (`--json`) serialized, so the two can never disagree.

use serde::Serialize;

use crate::landed::Landing;
use crate::shared_keys::SharedCounts;
use crate::table::time;

/// A break-glass window in words, e.g. `12h`.
fn window_text(window_ms: u64) -> humantime::FormattedDuration {
    humantime::format_duration(std::time::Duration::from_millis(window_ms))
}

/// `ehr emergency enable`'s result: the policy now in force, and the existing versions wrapped
/// to its new emergency key.
#[derive(Debug, Serialize)]
pub struct Enabled {
    /// The contract message sent.
    pub action: &'static str,
    pub window_ms: u64,
    pub types: Vec<&'static str>,
    pub custodians: Vec<String>,
    /// The emergency key's generation (one more at every `enable`).
    pub generation: u32,
    /// Versions wrapped to the emergency key, to other readers who lacked them, and those
    /// that could not be wrapped.
    #[serde(flatten)]
    pub shared: SharedCounts,
    pub inclusion: Landing,
}

impl std::fmt::Display for Enabled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "emergency access is on: {} records, {} per break-glass, custodians {}\n  {}\n  wrapped {} existing record versions to the emergency key (generation {}){}",
            self.types.join(", "),
            window_text(self.window_ms),
            self.custodians.join(" and "),
            self.inclusion,
            self.shared.shared_versions,
            self.generation,
            self.shared.rest_text(),
        )?;
        if self.generation > 1 {
            f.write_str("\n  versions wrapped to earlier emergency keys keep those keys until you run `ehr access prune`")?;
        }
        Ok(())
    }
}

/// `ehr emergency disable`'s result.
#[derive(Debug, Serialize)]
pub struct Disabled {
    /// The contract message sent.
    pub action: &'static str,
    pub inclusion: Landing,
}

impl std::fmt::Display for Disabled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "emergency access is off; any break-glass in force has ended\n  {}",
            self.inclusion
        )
    }
}

/// `ehr emergency status`'s result: the chart's emergency policy.
#[derive(Debug, Serialize)]
pub struct Status {
    /// Milliseconds since the epoch (the block's time).
    pub enabled_at: u64,
    pub window_ms: u64,
    pub types: Vec<&'static str>,
    pub custodians: Vec<String>,
    pub generation: u32,
    /// Custodians the registrars have removed since: they can no longer release their share.
    pub custodians_not_registrars: Vec<String>,
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "emergency access is on since {}\n  window: {}\n  covers: {}\n  custodians: {}\n  key generation: {}",
            time(self.enabled_at),
            window_text(self.window_ms),
            self.types.join(", "),
            self.custodians.join(", "),
            self.generation
        )?;
        let lapsed = &self.custodians_not_registrars;
        if !lapsed.is_empty() {
            write!(
                f,
                "\n  WARNING: {} {}, so a break-glass cannot open your records: run `ehr emergency enable` again with two current registrars",
                lapsed.join(" and "),
                if lapsed.len() > 1 {
                    "are no longer registrars and cannot release their shares"
                } else {
                    "is no longer a registrar and cannot release its share"
                }
            )?;
        }
        Ok(())
    }
}

/// `ehr emergency break-glass`'s result: the access the doctor now has, and what comes next.
#[derive(Debug, Serialize)]
pub struct GlassBroken {
    /// The contract message sent.
    pub action: &'static str,
    pub patient: String,
    /// The doctor who broke the glass (the signer).
    pub doctor: String,
    /// When the access ends, in milliseconds since the epoch (counted from the block's time).
    pub expires_at: u64,
    pub reason: &'static str,
    /// The salted hash of the note that went on chain, and its salt.
    pub note_sha256: String,
    pub note_salt: String,
    /// The record types the patient's policy covers.
    pub types: Vec<&'static str>,
    pub custodians: Vec<String>,
    pub inclusion: Landing,
}

impl std::fmt::Display for GlassBroken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (p, d) = (&self.patient, &self.doctor);
        write!(
            f,
            "EMERGENCY ACCESS to {p}'s {} records until {}\n  the patient is alerted; this is in their history\n  {}\n  your note is on chain as a salted hash: keep the note and its salt {} to show later what you wrote\n  next: each custodian runs `ehr emergency release --patient {p} --doctor {d}` ({})\n  then read with `ehr record list --patient {p}` and `ehr record view N --patient {p}`",
            self.types.join(", "),
            time(self.expires_at),
            self.inclusion,
            self.note_salt,
            self.custodians.join(", ")
        )
    }
}

/// `ehr emergency release`'s result.
#[derive(Debug, Serialize)]
pub struct Released {
    /// The contract message sent.
    pub action: &'static str,
    pub patient: String,
    pub doctor: String,
    /// When the doctor's break-glass ends, in milliseconds since the epoch.
    pub expires_at: u64,
    pub inclusion: Landing,
}

impl std::fmt::Display for Released {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "released your share of {}'s emergency key to {} (break-glass until {}); logged in the patient's history\n  {}",
            self.patient,
            self.doctor,
            time(self.expires_at),
            self.inclusion
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_samples::{landing, ALICE, BOB};

    const CHARLIE: &str = "5FLSigC9HGRKVhB9FiEo4Y3koPsNmBmLJbpXg2mp1hXcS59Y";
    const DAVE: &str = "5DAAnrj7VHTznn2AWBemMuyBwZWs6FNFjdyVXUeYum3PTXFy";
    use crate::shared_keys::UnsharedVersion;

    fn enabled(generation: u32, failed_versions: Vec<UnsharedVersion>) -> Enabled {
        Enabled {
            action: "enable_emergency",
            window_ms: 12 * 3_600_000,
            types: vec!["cardiac", "prescription"],
            custodians: vec![CHARLIE.into(), DAVE.into()],
            generation,
            shared: SharedCounts {
                shared_versions: 3,
                shared_with_others: 1,
                failed_versions,
            },
            inclusion: landing(),
        }
    }

    fn failed() -> Vec<UnsharedVersion> {
        vec![UnsharedVersion {
            reader: BOB.into(),
            record: 2,
            version: 1,
            error: "your key does not open it".into(),
        }]
    }

    fn disabled() -> Disabled {
        Disabled {
            action: "disable_emergency",
            inclusion: landing(),
        }
    }

    fn status(lapsed: Vec<String>) -> Status {
        Status {
            enabled_at: 1_764_547_200_000,
            window_ms: 90 * 60_000,
            types: vec!["cardiac"],
            custodians: vec![CHARLIE.into(), DAVE.into()],
            generation: 2,
            custodians_not_registrars: lapsed,
        }
    }

    fn glass_broken() -> GlassBroken {
        GlassBroken {
            action: "break_glass",
            patient: ALICE.into(),
            doctor: BOB.into(),
            expires_at: 1_764_590_400_000,
            reason: "unconscious",
            note_sha256: "ab".repeat(32),
            note_salt: "cd".repeat(16),
            types: vec!["cardiac", "prescription"],
            custodians: vec![CHARLIE.into(), DAVE.into()],
            inclusion: landing(),
        }
    }

    fn released() -> Released {
        Released {
            action: "release_emergency_share",
            patient: ALICE.into(),
            doctor: BOB.into(),
            expires_at: 1_764_590_400_000,
            inclusion: landing(),
        }
    }

    #[test]
    fn emergency_results_as_text_work() {
        insta::assert_snapshot!([
            enabled(1, vec![]).to_string(),
            enabled(2, failed()).to_string(),
            disabled().to_string(),
            status(vec![]).to_string(),
            status(vec![CHARLIE.into()]).to_string(),
            status(vec![CHARLIE.into(), DAVE.into()]).to_string(),
            glass_broken().to_string(),
            released().to_string(),
        ]
        .join("\n---\n"));
    }

    #[test]
    fn emergency_results_as_json_work() {
        insta::assert_json_snapshot!((
            enabled(2, failed()),
            disabled(),
            status(vec![CHARLIE.into()]),
            glass_broken(),
            released(),
        ));
    }
}
