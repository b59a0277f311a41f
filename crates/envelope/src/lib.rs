//! Placeholder: filled by the envelope work.
