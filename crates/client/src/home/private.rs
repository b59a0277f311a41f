//! The one private-file writer (`ehr_private_file`), with the path in its errors.

use crate::error::{ClientError, Result};
use std::path::Path;

/// Writes `bytes` to `path` atomically, readable by the user only.
pub fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    ehr_private_file::write(path, bytes).map_err(|e| ClientError::file("write", path, e))
}

/// Creates `dir` (and its parents) when missing; a directory ehr creates is mode 0700.
pub fn create_dir(dir: &Path) -> Result<()> {
    ehr_private_file::create_dir(dir).map_err(|e| ClientError::file("create", dir, e))
}
