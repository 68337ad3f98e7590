//! eval: built by its issue.
