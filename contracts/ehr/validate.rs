//! Pure checks of what a caller sends, before anything is read or stored.

/// The encodings of the x25519 points of small order (libsodium's list, bit 255 clear): a
/// key agreement with one of them gives a secret anyone can compute, so no reader may register
/// one. x25519 ignores bit 255, so keys are compared with it cleared.
pub const LOW_ORDER_POINTS: [[u8; 32]; 7] = [
    // 0 (order 4)
    [0; 32],
    // 1 (order 1)
    [
        1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0,
    ],
    // order 8
    [
        0xe0, 0xeb, 0x7a, 0x7c, 0x3b, 0x41, 0xb8, 0xae, 0x16, 0x56, 0xe3, 0xfa, 0xf1, 0x9f, 0xc4,
        0x6a, 0xda, 0x09, 0x8d, 0xeb, 0x9c, 0x32, 0xb1, 0xfd, 0x86, 0x62, 0x05, 0x16, 0x5f, 0x49,
        0xb8, 0x00,
    ],
    // order 8
    [
        0x5f, 0x9c, 0x95, 0xbc, 0xa3, 0x50, 0x8c, 0x24, 0xb1, 0xd0, 0xb1, 0x55, 0x9c, 0x83, 0xef,
        0x5b, 0x04, 0x44, 0x5c, 0xc4, 0x58, 0x1c, 0x8e, 0x86, 0xd8, 0x22, 0x4e, 0xdd, 0xd0, 0x9f,
        0x11, 0x57,
    ],
    // p - 1 (order 2)
    field_edge(0xec),
    // p (= 0)
    field_edge(0xed),
    // p + 1 (= 1)
    field_edge(0xee),
];

/// `low`, then 30 bytes 0xff, then 0x7f: p - 1, p and p + 1 for `low` = 0xec, 0xed, 0xee.
const fn field_edge(low: u8) -> [u8; 32] {
    let mut point = [0xff; 32];
    point[0] = low;
    point[31] = 0x7f;
    point
}

/// True when `key` is one of [`LOW_ORDER_POINTS`] (bit 255 ignored, as x25519 does).
pub fn is_low_order(key: &[u8; 32]) -> bool {
    let mut canonical = *key;
    canonical[31] &= 0x7f;
    LOW_ORDER_POINTS.contains(&canonical)
}
