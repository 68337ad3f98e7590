//! privacy: built by its issue.
