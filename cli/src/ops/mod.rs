//! What commands do, below the commands: what a new version is (`content`), who reads a
//! version (`readers`), sharing keys with
//! them (`sharing`), sealing and uploading (`upload`), reading a chart's records (`records`),
//! and the one send path (`send`). Nothing here parses arguments or prints results, and
//! nothing here uses `commands`.

pub mod chart;
pub mod content;
pub mod readers;
pub mod records;
pub mod send;
pub mod sharing;
pub mod upload;
