use super::changed::{Change, Changed, Granted};
use super::keys::{Dropped, Synced};
use crate::shared_keys::{SharedKeys, SharedVersion, UnsharedVersion};
use crate::test_samples::{landing_with, ALICE, BOB};

fn key(record: u32, version: u32) -> SharedVersion {
    SharedVersion {
        reader: BOB.into(),
        record,
        version,
    }
}

fn keys() -> SharedKeys {
    SharedKeys {
        shared_versions: vec![key(1, 1), key(2, 3)],
        failed_versions: vec![UnsharedVersion {
            reader: BOB.into(),
            record: 3,
            version: 1,
            error: "your key does not open this version".into(),
        }],
    }
}

fn changed(change: Change, patient: Option<&str>) -> Changed {
    Changed {
        change,
        doctor: BOB.into(),
        patient: patient.map(Into::into),
        inclusion: landing_with(0),
    }
}

fn changes() -> Vec<Changed> {
    vec![
        changed(
            Change::GrantAccess {
                scope: "chart".into(),
                kind: "read",
                granted: Granted {
                    expires_at: Some(1_767_225_600_000),
                    ends_too_soon: false,
                    keys: keys(),
                },
            },
            None,
        ),
        changed(
            Change::RevokeAccess {
                scope: "record 2".into(),
            },
            Some(ALICE),
        ),
        changed(
            Change::ApproveRequest {
                granted: Granted {
                    expires_at: Some(1_764_547_230_000),
                    ends_too_soon: true,
                    keys: SharedKeys::default(),
                },
            },
            None,
        ),
        changed(Change::DenyRequest, None),
    ]
}

fn synced() -> (Synced, Synced) {
    (Synced(keys()), Synced(SharedKeys::default()))
}

fn dropped() -> (Dropped, Dropped) {
    (Dropped(vec![key(1, 1), key(1, 2)]), Dropped(vec![]))
}

#[test]
fn access_results_as_text_work() {
    let mut text: Vec<String> = changes().iter().map(ToString::to_string).collect();
    let (some, none) = synced();
    text.extend([some.to_string(), none.to_string()]);
    let (some, none) = dropped();
    text.extend([some.to_string(), none.to_string()]);
    insta::assert_snapshot!(text.join("\n---\n"));
}

#[test]
fn access_results_as_json_work() {
    insta::assert_json_snapshot!((changes(), synced(), dropped()));
}

#[test]
fn expiry_too_soon_is_refused_before_anything_is_sent() {
    use std::time::Duration;
    // a grant ending at once, or within the block or two before it lands, is refused here
    for short in [0, 1, 12, 30, 60, 119] {
        let err = super::expiry(Some(Duration::from_secs(short))).unwrap_err();
        assert!(
            err.to_string().contains("nothing was sent"),
            "{short}s: {err}"
        );
    }
    assert!(super::expiry(Some(Duration::from_secs(120))).is_ok());
    assert_eq!(super::expiry(None).unwrap(), None);
}
