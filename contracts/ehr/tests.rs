//! Unit tests: see below.
