//! The XML inside Office files (XLSX, DOCX), read within a limit.
//!
//! An Office file is a zip archive, and a zip entry can unpack to a
//! thousand times its packed size: a 6 MB file can hold 6 GiB of XML. Every
//! reader of these archives (the XLSX and DOCX readers, and the
//! pseudonymised copies of `privacy::copy`) reads their entries through one
//! [`XmlBudget`]: the XML unpacked from one file may total at most
//! [`XML_RATIO`] times the file's size, never less than
//! [`XML_FLOOR_MB`] MB and never more than [`XML_CAP_MB`] MB. The sizes the
//! archive declares are checked before anything is unpacked, and every entry
//! is unpacked through a reader that stops one byte past what is left (a
//! declared size can lie), so memory stays in proportion to the limit
//! whatever the archive holds. (The `zip` crate also stops an entry that
//! unpacks to more than its declared size, so checking the declared sizes
//! bounds what calamine unpacks by itself.)

use crate::{Error, Result};
use std::io::{Read, Seek};
use std::path::Path;

/// XML unpacked from one file may be this many times the file's size...
pub const XML_RATIO: u64 = 100;
/// ... but at least this many MB (small files of very regular XML) ...
pub const XML_FLOOR_MB: u64 = 64;
/// ... and at most this many MB, whatever the file's size.
pub const XML_CAP_MB: u64 = 2048;

const MB: u64 = 1 << 20;

/// What is left of the XML one file may unpack to.
#[derive(Debug, Clone)]
pub(crate) struct XmlBudget {
    limit: u64,
    used: u64,
    file_len: u64,
}

impl XmlBudget {
    /// The budget of a file of `file_len` bytes.
    pub(crate) fn for_file(file_len: usize) -> Self {
        let file_len = file_len as u64;
        XmlBudget {
            limit: file_len
                .saturating_mul(XML_RATIO)
                .clamp(XML_FLOOR_MB * MB, XML_CAP_MB * MB),
            used: 0,
            file_len,
        }
    }

    fn exceeded(&self, path: &Path, what: &str) -> Error {
        Error::input(
            path,
            format!(
                "{what} exceeds the limit of {} MB of XML for this file ({XML_RATIO} times its {} MB, \
                 at least {XML_FLOOR_MB} MB, at most {XML_CAP_MB} MB); the file is damaged or built \
                 to fill memory: open it and save it again, or export the data as .csv or .txt",
                self.limit / MB,
                self.file_len.div_ceil(MB),
            ),
        )
    }

    /// Check the sizes the archive declares for its entries named so that
    /// `counts(name)` holds: together they must fit the budget. Nothing is
    /// unpacked.
    pub(crate) fn check_declared<R: Read + Seek>(
        &self,
        path: &Path,
        zip: &mut zip::ZipArchive<R>,
        counts: impl Fn(&str) -> bool,
    ) -> Result<()> {
        let mut total = 0u64;
        for i in 0..zip.len() {
            let Ok(entry) = zip.by_index_raw(i) else {
                continue; // the reader of the entry says what is wrong with it
            };
            if entry.name().is_ok_and(|n| counts(&n)) {
                total = total.saturating_add(entry.size());
            }
        }
        if self.used.saturating_add(total) > self.limit {
            return Err(self.exceeded(path, "the XML of its parts (as the archive declares it)"));
        }
        Ok(())
    }

    /// Unpack `entry` (named `name`, for messages) into a string, charging
    /// the budget; fails as soon as the budget is exceeded.
    pub(crate) fn read_to_string(
        &mut self,
        path: &Path,
        name: &str,
        entry: zip::read::ZipFile<'_, impl Read>,
    ) -> Result<String> {
        let left = self.limit - self.used;
        let declared = entry.size();
        if declared > left {
            return Err(self.exceeded(path, &format!("{name} (as the archive declares it)")));
        }
        let mut text = String::with_capacity(declared as usize);
        entry
            .take(left + 1)
            .read_to_string(&mut text)
            .map_err(|e| Error::input(path, format!("cannot read {name}: {e}")))?;
        self.charge(path, name, text.len() as u64)?;
        Ok(text)
    }

    fn charge(&mut self, path: &Path, name: &str, n: u64) -> Result<()> {
        if self.used + n > self.limit {
            self.used = self.limit;
            return Err(self.exceeded(path, name));
        }
        self.used += n;
        Ok(())
    }
}

/// What a reader expects a zip archive to be, for its messages: the kind
/// of file (`a Word .docx file`) and what the user can do
/// (`save it from Word as .docx, or as .txt`).
pub(crate) struct Expected {
    pub kind: &'static str,
    pub remedy: &'static str,
}

/// The first bytes of an OLE compound file: what Office saves a
/// password-protected document in, and the old binary .xls and .doc.
const COMPOUND_FILE: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Open `bytes` (the file `path`) as the zip archive every Office file and
/// REFI-QDA project is; when it is not one, one error that says what it is
/// instead: empty, encrypted with a password (or an old binary Office
/// file), or not a zip archive at all. Every reader of these archives
/// opens them here.
pub(crate) fn open<'b>(
    path: &Path,
    bytes: &'b [u8],
    expected: &Expected,
) -> Result<zip::ZipArchive<std::io::Cursor<&'b [u8]>>> {
    let Expected { kind, remedy } = expected;
    if bytes.is_empty() {
        return Err(Error::input(
            path,
            format!("is empty (0 bytes), not {kind}; {remedy}"),
        ));
    }
    if bytes.starts_with(COMPOUND_FILE) {
        return Err(Error::input(
            path,
            format!(
                "is encrypted with a password, or an old binary Office file (.xls, .doc), not {kind}; \
                 open it, remove the password, and {remedy}"
            ),
        ));
    }
    zip::ZipArchive::new(std::io::Cursor::new(bytes)).map_err(|e| {
        Error::input(
            path,
            format!("is not {kind} (not a zip archive: {e}); {remedy}"),
        )
    })
}

/// True for the entries of an Office file that are XML (what the readers
/// parse): `.xml` parts and `.rels` relationships.
#[cfg(test)]
fn is_xml_part(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower.ends_with(".xml") || lower.ends_with(".rels")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(entries: &[(&str, usize)]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for &(name, len) in entries {
            w.start_file(name, options).unwrap();
            w.write_all(&vec![b' '; len]).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn what_is_not_a_zip_archive_is_named() {
        let expected = Expected {
            kind: "a Word .docx file",
            remedy: "save it from Word as .docx",
        };
        let error = |bytes: &[u8]| {
            open(Path::new("h.docx"), bytes, &expected)
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            error(b""),
            "h.docx: is empty (0 bytes), not a Word .docx file; save it from Word as .docx"
        );
        let mut encrypted = COMPOUND_FILE.to_vec();
        encrypted.extend_from_slice(&[0; 504]);
        assert!(
            error(&encrypted).starts_with("h.docx: is encrypted with a password, or an old binary"),
            "{}",
            error(&encrypted)
        );
        assert!(
            error(b"id;vastaus\n")
                .starts_with("h.docx: is not a Word .docx file (not a zip archive"),
            "{}",
            error(b"id;vastaus\n")
        );
        assert!(open(Path::new("h.docx"), &zip_of(&[("a.xml", 3)]), &expected).is_ok());
    }

    #[test]
    fn the_limit_is_a_multiple_of_the_file_between_floor_and_cap() {
        assert_eq!(XmlBudget::for_file(1000).limit, XML_FLOOR_MB * MB);
        assert_eq!(XmlBudget::for_file(6 << 20).limit, 600 * MB);
        assert_eq!(XmlBudget::for_file(40 << 20).limit, XML_CAP_MB * MB);
    }

    #[test]
    fn entries_within_the_budget_are_read_and_charged() {
        let bytes = zip_of(&[("a.xml", 1000), ("b.png", 10)]);
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
        let mut budget = XmlBudget::for_file(bytes.len());
        budget
            .check_declared(Path::new("f.xlsx"), &mut zip, is_xml_part)
            .unwrap();
        let a = zip.by_name("a.xml").unwrap();
        let text = budget.read_to_string(Path::new("f.xlsx"), "a.xml", a);
        assert_eq!(text.unwrap().len(), 1000);
        assert_eq!(budget.used, 1000);
    }

    #[test]
    fn an_entry_past_the_budget_is_an_error_naming_file_and_entry() {
        let bytes = zip_of(&[("a.xml", 3000), ("b.xml", 3000)]);
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).unwrap();
        let mut budget = XmlBudget {
            limit: 5000,
            used: 0,
            file_len: bytes.len() as u64,
        };
        let declared = budget.check_declared(Path::new("f.docx"), &mut zip, is_xml_part);
        assert!(declared.is_err());
        budget
            .read_to_string(Path::new("f.docx"), "a.xml", zip.by_name("a.xml").unwrap())
            .unwrap();
        let e = budget
            .read_to_string(Path::new("f.docx"), "b.xml", zip.by_name("b.xml").unwrap())
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with(
                "f.docx: b.xml (as the archive declares it) exceeds the limit of 0 MB of XML"
            ),
            "{e}"
        );
    }
}
