//! index: built by its issue.
