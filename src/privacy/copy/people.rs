//! The fields of Office files whose whole value names a person: the author
//! and initials of a comment or a tracked change (`w:author`,
//! `w:initials`), the people of `word/people.xml` and of
//! `xl/persons/person.xml` (author, display name, user id), a shared
//! workbook's user and a revision's user (`userName`), the folder a
//! workbook was saved in (`x15ac:absPath`, `C:\Users\<user>\…`), the
//! authors of Excel's comments (`<author>`), and the creator, last editor
//! and manager of the document properties (`dc:creator`,
//! `cp:lastModifiedBy`, `Manager`).
//!
//! Such a field is replaced whole, whether or not the person is on the
//! `--names` list: by the code of the listed person it names (the same
//! `[HENKILÖ n]` as in the text), otherwise by a person code of its own
//! (the same value gets the same code, and the key file says who it is).
//! Initials on the same element as an author get the author's code.

/// True when attribute `attribute` of element `element` (local names)
/// names a person.
pub(super) fn person_attribute(element: &str, attribute: &str) -> bool {
    match attribute {
        "author" | "initials" | "userId" | "userName" => true,
        "displayName" => element == "person",
        "url" => element == "absPath",
        _ => false,
    }
}

/// True when a value is already a code (`[HENKILÖ 1]`), as in a copy
/// pseudonymised again, or empty.
pub(super) fn nothing_to_hide(value: &str) -> bool {
    let v = value.trim();
    v.is_empty() || (v.starts_with('[') && v.ends_with(']') && !v[1..].contains('['))
}
