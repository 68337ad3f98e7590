//! report: built by its issue.
