//! Adversarial suite, data integrity: chunks from the wrong author, tampered
//! ciphertext, ciphertext moved to another record, version or patient, and oversize input are
//! all refused, and a refused view writes nothing to its output file.
//!
//! The attacker here is an insider with write access (or the patient's own client replaying
//! old data) using the chain client directly: the contract cannot read ciphertext, so these
//! are caught by the envelope's authenticated encryption and the CLI's hash check.

use ehr::limits::MAX_CHUNK_BYTES;
use ehr::{Error, RecordType};
use ehr_chain::{AccountId32, Client, EhrContract, Message, Signer};
use ehr_e2e_tests::{refused, signer, Ehr, Node, BOB};
use ehr_envelope::{EncryptionSecret, RecordContext};

const OTHER: i32 = 1;

struct Chain {
    contract: EhrContract,
}

impl Chain {
    async fn connect(node: &Node, ehr: &Ehr) -> Self {
        let client = Client::connect(&node.url()).await.unwrap();
        let address = ehr_chain::AddressFormat::default()
            .parse(&ehr.contract_address())
            .unwrap();
        Self {
            contract: EhrContract::at(client, address),
        }
    }

    fn ctx(
        &self,
        patient: &AccountId32,
        record: u32,
        version: u32,
        t: RecordType,
    ) -> RecordContext {
        RecordContext {
            genesis_hash: self.contract.client().genesis_hash().0,
            contract: self.contract.address().0,
            patient: patient.0,
            record_id: record,
            version,
            record_type: t as u8,
        }
    }

    async fn ask<T: parity_scale_codec::Decode>(
        &self,
        who: &AccountId32,
        msg: Message<ehr::Result<T>>,
    ) -> T {
        self.contract.query(who, &msg).await.unwrap().unwrap()
    }

    async fn ok<T: parity_scale_codec::Decode>(&self, who: &Signer, msg: Message<ehr::Result<T>>) {
        self.contract
            .execute(who, &msg)
            .await
            .unwrap_or_else(|e| panic!("{} failed: {e}", msg.name));
    }

    async fn next_record(&self, patient: &AccountId32) -> u32 {
        self.ask(patient, self.contract.patient(patient))
            .await
            .record_count
            + 1
    }

    async fn key_of(&self, patient: &AccountId32) -> [u8; 32] {
        self.ask(patient, self.contract.patient(patient))
            .await
            .encryption_key
    }

    async fn doctor_key(&self, doctor: &AccountId32) -> [u8; 32] {
        self.ask(doctor, self.contract.doctor(doctor))
            .await
            .encryption_key
    }

    /// The whole ciphertext of a version and the wrap `who` holds for it.
    async fn download(
        &self,
        who: &AccountId32,
        patient: &AccountId32,
        record: u32,
        version: u32,
    ) -> (Vec<u8>, Vec<u8>) {
        let info = self
            .ask(who, self.contract.version(patient, record, version))
            .await;
        let mut body = Vec::new();
        for i in 0..info.chunk_count {
            body.extend(
                self.ask(who, self.contract.chunk(patient, record, version, i))
                    .await,
            );
        }
        let wrap = self
            .ask(who, self.contract.wrapped_key(patient, record, version))
            .await;
        (body, wrap)
    }
}

/// Views `record` of Alice's chart as Alice into a file; returns the run and whether the file
/// exists afterwards.
fn view_to_file(ehr: &Ehr, record: &str, version: Option<&str>) -> (ehr_e2e_tests::Run, bool) {
    let out = ehr
        .dir()
        .join(format!("view-{record}-{}.txt", version.unwrap_or("latest")));
    let out_s = out.display().to_string();
    let mut args = vec![
        "record", "view", record, "--suri", "//Alice", "--out", &out_s,
    ];
    if let Some(v) = version {
        args.extend(["--version", v]);
    }
    let run = ehr.run(args);
    (run, out.exists())
}

#[tokio::test]
async fn foreign_chunks_tampering_and_moved_ciphertext_are_refused_fail() {
    // given Alice's chart with record 1 written by her CLI, Bob holding write access, and Dave
    // a second patient
    let node = Node::start();
    let ehr = Ehr::with_clinic(&node, &[("//Bob", "Cardiology")]);
    ehr.run([
        "access", "grant", BOB, "--kind", "write", "--suri", "//Alice", "--json",
    ])
    .ok_json();
    ehr.run(["patient", "register", "--suri", "//Dave", "--json"])
        .ok_json();
    let bp = ehr.file("bp.txt", b"BP 120/80");
    ehr.run([
        "record", "add", "--type", "general", &bp, "--suri", "//Alice", "--json",
    ])
    .ok_json();
    let chain = Chain::connect(&node, &ehr).await;
    let c = &chain.contract;
    let (alice, bob, dave) = (signer("//Alice"), signer("//Bob"), signer("//Dave"));
    let (a, b, d) = (alice.account_id(), bob.account_id(), dave.account_id());
    let (a_key, b_key, d_key) = (
        chain.key_of(&a).await,
        chain.doctor_key(&b).await,
        chain.key_of(&d).await,
    );
    let alice_secret = EncryptionSecret::from_secret_uri("//Alice").unwrap();
    let mut rng = rand_core::OsRng;

    // 8. Bob writes a real two-chunk lab record, sending only the first chunk
    let lab = vec![b'x'; MAX_CHUNK_BYTES as usize + 500];
    let r2 = chain.next_record(&a).await;
    let ctx = chain.ctx(&a, r2, 1, RecordType::ClinicalLaboratory);
    let sealed = ehr_envelope::seal(&ctx, &octets(&lab), &[a_key, b_key], &mut rng).unwrap();
    let wraps = vec![
        (a.clone(), sealed.wraps[0].1.clone()),
        (b.clone(), sealed.wraps[1].1.clone()),
    ];
    let split = MAX_CHUNK_BYTES as usize;
    chain
        .ok(
            &bob,
            c.add_record(
                &a,
                r2,
                RecordType::ClinicalLaboratory,
                ehr_chain::new_version(
                    sealed.hash,
                    sealed.body.len() as u32,
                    sealed.body[..split].to_vec(),
                    wraps,
                ),
            ),
        )
        .await;
    // then nobody else may add its chunks: not the patient, not another patient
    let rest = sealed.body[split..].to_vec();
    assert_eq!(
        refused(
            c.execute(&alice, &c.upload_chunk(&a, r2, 1, 1, rest.clone()))
                .await
        ),
        Error::NotAuthor
    );
    assert_eq!(
        refused(
            c.execute(&dave, &c.upload_chunk(&a, r2, 1, 1, rest.clone()))
                .await
        ),
        Error::NotAuthor
    );
    // and the half-written version cannot be read
    let (run, written) = view_to_file(&ehr, &r2.to_string(), None);
    run.fails_with(OTHER, "still being uploaded");
    assert!(!written);
    // when its author finishes it, it reads back
    chain.ok(&bob, c.upload_chunk(&a, r2, 1, 1, rest)).await;
    let (run, written) = view_to_file(&ehr, &r2.to_string(), None);
    assert!(run.success && written, "{run:?}");

    // 9a. a flipped bit, with the hash of the flipped bytes: the hash matches, decryption fails
    let r3 = chain.next_record(&a).await;
    let ctx = chain.ctx(&a, r3, 1, RecordType::Cardiac);
    let sealed =
        ehr_envelope::seal(&ctx, &octets(b"QT 400 ms"), &[a_key, b_key], &mut rng).unwrap();
    let mut flipped = sealed.body.clone();
    flipped[ehr_envelope::format::RECORD_HEADER_LEN + 2] ^= 0x01;
    chain
        .ok(
            &bob,
            c.add_record(
                &a,
                r3,
                RecordType::Cardiac,
                ehr_chain::new_version(
                    ehr_envelope::body_hash(&flipped),
                    flipped.len() as u32,
                    flipped.clone(),
                    vec![
                        (a.clone(), sealed.wraps[0].1.clone()),
                        (b.clone(), sealed.wraps[1].1.clone()),
                    ],
                ),
            ),
        )
        .await;
    let (run, written) = view_to_file(&ehr, &r3.to_string(), None);
    run.fails_with(OTHER, "could not decrypt");
    assert!(!written, "nothing partial is written");
    // 9b. a flipped bit under the original hash: the integrity check catches it first
    let r4 = chain.next_record(&a).await;
    let ctx = chain.ctx(&a, r4, 1, RecordType::Cardiac);
    let sealed =
        ehr_envelope::seal(&ctx, &octets(b"QT 410 ms"), &[a_key, b_key], &mut rng).unwrap();
    let mut flipped = sealed.body.clone();
    flipped[ehr_envelope::format::RECORD_HEADER_LEN + 2] ^= 0x01;
    chain
        .ok(
            &bob,
            c.add_record(
                &a,
                r4,
                RecordType::Cardiac,
                ehr_chain::new_version(
                    sealed.hash,
                    flipped.len() as u32,
                    flipped,
                    vec![
                        (a.clone(), sealed.wraps[0].1.clone()),
                        (b.clone(), sealed.wraps[1].1.clone()),
                    ],
                ),
            ),
        )
        .await;
    ehr.run(["record", "verify", &r4.to_string(), "--suri", "//Alice"])
        .fails_with(OTHER, "integrity check");
    let (run, written) = view_to_file(&ehr, &r4.to_string(), None);
    run.fails_with(OTHER, "integrity check");
    assert!(!written);

    // 10. record 1's ciphertext, with its data key re-wrapped for the new place (the strongest
    //     copy: the attacker knows the key), moved to another record, version and patient
    let (body, wrap) = chain.download(&a, &a, 1, 1).await;
    let key = ehr_envelope::unwrap_key(
        &chain.ctx(&a, 1, 1, RecordType::GeneralInformation),
        &wrap,
        &alice_secret,
    )
    .unwrap();
    let hash = ehr_envelope::body_hash(&body);
    let rewrap = |ctx: &RecordContext, to: &[u8; 32]| {
        ehr_envelope::wrap_key(ctx, &key, to, &mut rand_core::OsRng).unwrap()
    };
    //    another record of the same chart
    let r5 = chain.next_record(&a).await;
    let w = rewrap(
        &chain.ctx(&a, r5, 1, RecordType::GeneralInformation),
        &a_key,
    );
    chain
        .ok(
            &alice,
            c.add_record(
                &a,
                r5,
                RecordType::GeneralInformation,
                ehr_chain::new_version(hash, body.len() as u32, body.clone(), vec![(a.clone(), w)]),
            ),
        )
        .await;
    let (run, written) = view_to_file(&ehr, &r5.to_string(), None);
    run.fails_with(OTHER, "could not decrypt");
    assert!(!written);
    // 11. the old version presented as the newest one of the same record
    let w = rewrap(&chain.ctx(&a, 1, 2, RecordType::GeneralInformation), &a_key);
    chain
        .ok(
            &alice,
            c.update_record(
                &a,
                1,
                2,
                ehr_chain::new_version(hash, body.len() as u32, body.clone(), vec![(a.clone(), w)]),
            ),
        )
        .await;
    let (run, written) = view_to_file(&ehr, "1", None);
    run.fails_with(OTHER, "could not decrypt");
    assert!(!written);
    let (run, _) = view_to_file(&ehr, "1", Some("1"));
    assert!(run.success, "the real version 1 still reads: {run:?}");
    //    another patient's chart
    let w = rewrap(&chain.ctx(&d, 1, 1, RecordType::GeneralInformation), &d_key);
    chain
        .ok(
            &dave,
            c.add_record(
                &d,
                1,
                RecordType::GeneralInformation,
                ehr_chain::new_version(hash, body.len() as u32, body, vec![(d.clone(), w)]),
            ),
        )
        .await;
    ehr.run(["record", "view", "1", "--suri", "//Dave"])
        .fails_with(OTHER, "could not decrypt");

    // 12. oversize input is refused before anything is sent
    let before = ehr.chart("//Alice");
    let big = ehr.file("big.bin", &vec![0u8; 4 * 1024 * 1024 + 1]);
    ehr.run([
        "record", "add", "--type", "imaging", &big, "--suri", "//Alice",
    ])
    .fails_with(OTHER, "Nothing was sent");
    let empty = ehr.file("empty.txt", b"");
    ehr.run([
        "record", "add", "--type", "other", &empty, "--suri", "//Alice",
    ])
    .fails_with(OTHER, "is empty");
    assert_eq!(ehr.chart("//Alice"), before);
}

/// `bytes` as record content of no particular kind.
fn octets(bytes: &[u8]) -> ehr_envelope::Content {
    ehr_envelope::Content::new(ehr_envelope::ContentInfo::octets(), bytes.to_vec())
}
