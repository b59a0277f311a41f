//! Envelope throughput next to raw AES-256-GCM on the same buffers, in the same run. Both sides
//! write into a fresh buffer, as a caller that keeps its input would.
//!
//! `cargo bench -p ehr-envelope --bench throughput`; results go in BENCHMARKS.md.

use aes_gcm::aead::AeadInPlace;
use aes_gcm::{Aes256Gcm, KeyInit, Nonce};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use ehr_envelope::{decrypt_record, encrypt_record, Content, ContentInfo, RecordContext};

const SIZES: [(usize, &str); 4] = [
    (1024, "1KiB"),
    (64 * 1024, "64KiB"),
    (1024 * 1024, "1MiB"),
    (16 * 1024 * 1024, "16MiB"),
];

fn ctx() -> RecordContext {
    RecordContext {
        genesis_hash: [1; 32],
        contract: [2; 32],
        patient: [3; 32],
        record_id: 1,
        version: 1,
        record_type: 0,
    }
}

fn throughput(c: &mut Criterion) {
    let raw = Aes256Gcm::new(&[9u8; 32].into());
    let nonce = Nonce::from_slice(&[0u8; 12]);
    for (size, name) in SIZES {
        let plaintext = vec![0x5au8; size];
        let mut group = c.benchmark_group(format!("encrypt/{name}"));
        group.throughput(Throughput::Bytes(size as u64));
        if size >= 1024 * 1024 {
            group.sample_size(10);
        }
        group.bench_function(BenchmarkId::new("raw-aes-gcm", name), |b| {
            b.iter(|| {
                let mut buf = plaintext.clone();
                let tag = raw.encrypt_in_place_detached(nonce, b"", &mut buf).unwrap();
                (buf, tag)
            })
        });
        let content = Content::new(ContentInfo::octets(), plaintext.clone());
        group.bench_function(BenchmarkId::new("envelope", name), |b| {
            b.iter(|| encrypt_record(&ctx(), &content, &mut rand_core::OsRng))
        });
        group.finish();

        let mut group = c.benchmark_group(format!("decrypt/{name}"));
        group.throughput(Throughput::Bytes(size as u64));
        if size >= 1024 * 1024 {
            group.sample_size(10);
        }
        let mut sealed = plaintext.clone();
        let tag = raw
            .encrypt_in_place_detached(nonce, b"", &mut sealed)
            .unwrap();
        group.bench_function(BenchmarkId::new("raw-aes-gcm", name), |b| {
            b.iter(|| {
                let mut buf = sealed.clone();
                raw.decrypt_in_place_detached(nonce, b"", &mut buf, &tag)
                    .unwrap();
                buf
            })
        });
        let content = Content::new(ContentInfo::octets(), plaintext.clone());
        let (key, body) = encrypt_record(&ctx(), &content, &mut rand_core::OsRng);
        group.bench_function(BenchmarkId::new("envelope", name), |b| {
            b.iter(|| decrypt_record(&ctx(), &key, &body).unwrap())
        });
        group.finish();
    }
}

criterion_group!(benches, throughput);
criterion_main!(benches);
