//! themes: built by its issue.
