//! The envelope's behaviour from outside: round trips, every failure case, known-answer vectors
//! and a parser fuzz test. One test binary, one module per concern.

mod common;
mod failures;
mod parser_fuzz;
mod roundtrip;
mod vectors;
