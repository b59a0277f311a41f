//! Measurement 1: what each ehr message costs (weight from the dry run's `gas_required`,
//! storage deposit charged) next to an ERC-20 `transfer` on the same node.

use super::chain::{call_payload, Limits};
use super::erc20;
use ehr::{AccessKind, GuardianLevel, RecordType, Scope};
use ehr_chain::{AccountId32, Client, EhrContract, Message, Signer, Weight};
use ehr_e2e_tests::chunked::sealed;
use ehr_e2e_tests::{signer, test_profile};
use parity_scale_codec::Decode;
use serde::Serialize;

/// One row: a message (or a chunked upload: the sum of its transactions).
#[derive(Debug, Clone, Serialize)]
pub struct Cost {
    pub message: String,
    /// Transactions it took (1 but for chunked uploads).
    pub transactions: u32,
    pub ref_time: u64,
    pub proof_size: u64,
    /// Planck charged (refunds count as 0).
    pub deposit: u128,
    /// ref_time ÷ the ERC-20 transfer's (to an existing holder).
    pub ref_time_vs_transfer: f64,
    /// For add_record rows: the ciphertext stored, and deposit ÷ (DepositPerByte × that).
    pub ciphertext_bytes: Option<usize>,
    pub deposit_vs_raw_bytes: Option<f64>,
}

/// The cost table and its yardstick.
#[derive(Debug, Serialize)]
pub struct Costs {
    pub transfer_new_holder: Cost,
    pub transfer: Cost,
    pub ehr: Vec<Cost>,
}

/// Accumulates one row over one or more transactions.
struct Acc {
    message: String,
    transactions: u32,
    weight: Weight,
    deposit: u128,
    ciphertext: Option<usize>,
}

impl Acc {
    fn new(message: &str) -> Acc {
        Acc {
            message: message.into(),
            transactions: 0,
            weight: Weight::default(),
            deposit: 0,
            ciphertext: None,
        }
    }

    /// Dry-runs `msg` (adding its weight and deposit), then executes it.
    async fn run<T: Decode>(
        &mut self,
        c: &EhrContract,
        who: &Signer,
        msg: Message<ehr::Result<T>>,
    ) {
        let dry = c
            .dry_run(&who.account_id(), &msg)
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", msg.name));
        c.execute(who, &msg)
            .await
            .unwrap_or_else(|e| panic!("{}: {e}", msg.name));
        self.transactions += 1;
        self.weight.ref_time += dry.gas_required.ref_time;
        self.weight.proof_size += dry.gas_required.proof_size;
        self.deposit += dry.storage_deposit.charge();
    }

    fn finish(self, transfer_ref_time: u64, limits: &Limits) -> Cost {
        Cost {
            message: self.message,
            transactions: self.transactions,
            ref_time: self.weight.ref_time,
            proof_size: self.weight.proof_size,
            deposit: self.deposit,
            ref_time_vs_transfer: self.weight.ref_time as f64 / transfer_ref_time as f64,
            ciphertext_bytes: self.ciphertext,
            deposit_vs_raw_bytes: self
                .ciphertext
                .map(|n| self.deposit as f64 / (limits.deposit_per_byte * n as u128) as f64),
        }
    }
}

/// Adds a record of `size` plaintext bytes as the CLI would: the first chunk with the version,
/// then the other chunks.
async fn add_sized(
    row: &mut Acc,
    c: &EhrContract,
    who: &Signer,
    record: u32,
    size: usize,
    readers: &[(AccountId32, [u8; 32])],
) {
    let p = who.account_id();
    let (body, hash, wraps) = sealed(c, &p, (record, 1), size, readers);
    let mut chunks = body.chunks(ehr::limits::MAX_CHUNK_BYTES as usize);
    let first = chunks.next().expect("a non-empty body").to_vec();
    let len = body.len() as u32;
    let msg = c.add_record(
        &p,
        record,
        RecordType::GeneralInformation,
        ehr_chain::new_version(hash, len, first, wraps),
    );
    row.run(c, who, msg).await;
    for (index, chunk) in (1..).zip(chunks) {
        row.run(c, who, c.upload_chunk(&p, record, 1, index, chunk.to_vec()))
            .await;
    }
    row.ciphertext = Some(body.len());
}

/// The weight of one `upload_chunk` of a full chunk: the second chunk of a 2-chunk version
/// (`record`) whose first came with it, dry-run only (the version stays incomplete).
async fn one_chunk(c: &EhrContract, who: &Signer, record: u32) -> Acc {
    let p = who.account_id();
    let chunk = ehr::limits::MAX_CHUNK_BYTES as usize;
    let first = ehr_chain::new_version(
        [6; 32],
        2 * chunk as u32,
        vec![6; chunk],
        vec![(p.clone(), vec![6; 80])],
    );
    c.execute(who, &c.add_record(&p, record, RecordType::Imaging, first))
        .await
        .expect("add a 2-chunk version");
    let msg = c.upload_chunk(&p, record, 1, 1, vec![7; chunk]);
    let dry = c.dry_run(&p, &msg).await.expect("dry-run upload_chunk");
    let mut row = Acc::new("upload_chunk (one full 14 KiB chunk)");
    row.transactions = 1;
    row.weight = dry.gas_required;
    row.deposit = dry.storage_deposit.charge();
    row
}

/// Runs every message once on a fresh contract (Alice patient, Bob doctor) and the ERC-20.
pub async fn measure(client: &Client, c: &EhrContract, limits: &Limits) -> Costs {
    let (alice, bob) = (signer("//Alice"), signer("//Bob"));
    let (a, b) = (alice.account_id(), bob.account_id());

    // the yardstick: Alice's tokens to Bob (a new holder), then again (an existing one)
    let token = erc20::deploy(client, &alice, 1_000_000_000).await;
    let mut transfers = Vec::new();
    for label in ["ERC-20 transfer (new holder)", "ERC-20 transfer"] {
        let msg = erc20::transfer(&token, &b, 1_000);
        let dry = token.dry_run(&a, &msg).await.expect("dry-run transfer");
        assert_eq!(dry.value, Ok(()), "the ERC-20 refused the transfer");
        let tx = call_payload(
            token.address(),
            msg.data(),
            dry.gas_required.with_margin(10),
            dry.storage_deposit.charge() * 2 + 1,
        );
        client.submit(&tx, &alice).await.expect("submit transfer");
        let mut acc = Acc::new(label);
        acc.transactions = 1;
        acc.weight = dry.gas_required;
        acc.deposit = dry.storage_deposit.charge();
        transfers.push(acc);
    }
    let base = transfers[1].weight.ref_time;
    let transfer = transfers.pop().expect("two transfers").finish(base, limits);
    let transfer_new_holder = transfers.pop().expect("two transfers").finish(base, limits);

    let (ka, kb) = ([1u8; 32], [2u8; 32]);
    let mut rows = Vec::new();
    let mut r = Acc::new("register_patient");
    r.run(c, &alice, c.register_patient(ka)).await;
    rows.push(r);
    let mut r = Acc::new("register_doctor");
    r.run(c, &bob, c.register_doctor(kb, test_profile())).await;
    rows.push(r);
    // Only verified doctors ask patients for access or break the glass.
    let mut r = Acc::new("verify_doctor (registrar)");
    r.run(c, &alice, c.verify_doctor(&b)).await;
    rows.push(r);
    let mut r = Acc::new("grant_access (chart, read)");
    r.run(
        c,
        &alice,
        c.grant_access(&a, &b, Scope::Chart, AccessKind::Read, None),
    )
    .await;
    rows.push(r);
    let mut r = Acc::new("revoke_access");
    r.run(c, &alice, c.revoke_access(&a, &b, Scope::Chart))
        .await;
    rows.push(r);
    let mut r = Acc::new("request_access (doctor)");
    r.run(
        c,
        &bob,
        c.request_access(&a, Scope::Chart, AccessKind::Read, 0),
    )
    .await;
    rows.push(r);
    let mut r = Acc::new("approve_request (patient)");
    r.run(c, &alice, c.approve_request(&a, &b, None, None, None))
        .await;
    rows.push(r);
    let readers = [(a.clone(), ka), (b.clone(), kb)];
    for (record, (label, size)) in [
        ("add_record 1 KiB (2 wraps)", 1024),
        ("add_record 15 KiB (2 wraps, 2 chunks)", 15 * 1024),
        ("add_record 1 MiB (2 wraps, chunked)", 1024 * 1024),
    ]
    .into_iter()
    .enumerate()
    {
        let mut r = Acc::new(label);
        add_sized(&mut r, c, &alice, record as u32 + 1, size, &readers).await;
        rows.push(r);
    }
    let mut r = Acc::new("update_record (1 KiB, 2 wraps)");
    let (body, hash, wraps) = sealed(c, &a, (1, 2), 1024, &readers);
    let len = body.len() as u32;
    r.run(
        c,
        &alice,
        c.update_record(&a, 1, 2, ehr_chain::new_version(hash, len, body, wraps)),
    )
    .await;
    rows.push(r);
    let mut r = Acc::new("open_record (audited read)");
    r.run(c, &bob, c.open_record(&a, 1, 2)).await;
    rows.push(r);
    let mut r = Acc::new("erase_version (1 KiB)");
    r.run(c, &alice, c.erase_version(1, 1)).await;
    rows.push(r);
    rows.extend(erase_large(c, &alice, &readers).await);
    rows.extend(guardian_and_emergency(c, &alice, &bob).await);
    Costs {
        transfer_new_holder,
        transfer,
        ehr: rows.into_iter().map(|r| r.finish(base, limits)).collect(),
    }
}

/// A version near the largest (4,000,000 B, 281 chunks) added, then erased: the erase (keys,
/// and `MAX_CHUNKS_FREED_PER_CALL` less one per key of its chunks) and one step freeing the
/// next chunks, each a bounded transaction; the other steps run unmeasured. Before them, one
/// `upload_chunk` of a full chunk.
async fn erase_large(
    c: &EhrContract,
    alice: &Signer,
    readers: &[(AccountId32, [u8; 32])],
) -> Vec<Acc> {
    let record = 4;
    let mut add = Acc::new("add_record 4,000,000 B (2 wraps, chunked)");
    add_sized(&mut add, c, alice, record, 4_000_000, readers).await;
    let mut erase = Acc::new("erase_version (4,000,000 B, 2 readers: keys and 62 chunks)");
    erase.run(c, alice, c.erase_version(record, 1)).await;
    let mut free = Acc::new("free_chunks (64 chunks of an erased version)");
    free.run(c, alice, c.free_chunks(record, 1)).await;
    loop {
        let (left, _) = c
            .execute(alice, &c.free_chunks(record, 1))
            .await
            .expect("free the rest of the chunks");
        if left == 0 {
            break;
        }
    }
    vec![one_chunk(c, alice, record + 1).await, add, erase, free]
}

/// The guardian and break-glass messages, on the same chart: Ferdie becomes Alice's
/// managing guardian and revokes Bob's grant for her; Alice opts in with herself and Eve as
/// custodians; Bob, verified, breaks the glass, gets a share and reads record 1 v2. (Eve and
/// Ferdie take no part in the other measurements.)
async fn guardian_and_emergency(c: &EhrContract, alice: &Signer, bob: &Signer) -> Vec<Acc> {
    let (eve, ferdie) = (signer("//Eve"), signer("//Ferdie"));
    let (a, b) = (alice.account_id(), bob.account_id());
    let mut rows = Vec::new();
    let dave = signer("//Dave").account_id();
    let mut r = Acc::new("add_registrar (sole registrar: takes effect)");
    r.run(c, alice, c.add_registrar(&eve.account_id())).await;
    rows.push(r);
    let mut r = Acc::new("add_registrar (1st of 2 approvals)");
    r.run(c, alice, c.add_registrar(&dave)).await;
    rows.push(r);
    let mut r = Acc::new("add_registrar (approval making the majority)");
    r.run(c, &eve, c.add_registrar(&dave)).await;
    rows.push(r);
    c.execute(&ferdie, &c.register_patient([4; 32]))
        .await
        .expect("Ferdie registers");
    let mut r = Acc::new("add_guardian (manage)");
    r.run(
        c,
        alice,
        c.add_guardian(&ferdie.account_id(), GuardianLevel::Manage),
    )
    .await;
    rows.push(r);
    let mut r = Acc::new("add_wraps (1 reader, logged)");
    r.run(
        c,
        alice,
        c.add_wraps(&a, 1, 2, vec![(ferdie.account_id(), vec![6; 85])]),
    )
    .await;
    rows.push(r);
    let mut r = Acc::new("revoke_access (by a guardian)");
    r.run(c, &ferdie, c.revoke_access(&a, &b, Scope::Chart))
        .await;
    rows.push(r);
    let mut r = Acc::new("drop_wraps (1 reader without access)");
    r.run(c, alice, c.drop_wraps(1, 2, std::slice::from_ref(&b)))
        .await;
    rows.push(r);
    let mut r = Acc::new("enable_emergency (2 custodians)");
    r.run(
        c,
        alice,
        c.enable_emergency(
            1,
            3_600_000,
            1 << RecordType::GeneralInformation as u8,
            [5; 32],
            [&a, &eve.account_id()],
            [vec![1; 85], vec![2; 85]],
        ),
    )
    .await;
    rows.push(r);
    let mut r = Acc::new("break_glass (verified doctor)");
    r.run(c, bob, c.break_glass(&a, 1, [7; 32])).await;
    rows.push(r);
    let mut r = Acc::new("release_emergency_share (custodian)");
    r.run(c, alice, c.release_emergency_share(&a, &b, vec![3; 85]))
        .await;
    rows.push(r);
    let mut r = Acc::new("open_record (break-glass read)");
    r.run(c, bob, c.open_record(&a, 1, 2)).await;
    rows.push(r);
    let mut r = Acc::new("remove_guardian");
    r.run(c, alice, c.remove_guardian(&a, &ferdie.account_id()))
        .await;
    rows.push(r);
    let mut r = Acc::new("disable_emergency");
    r.run(c, alice, c.disable_emergency()).await;
    rows.push(r);
    rows
}
