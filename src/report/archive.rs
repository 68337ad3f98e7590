//! The zip container of project.qdpx, written from data compressed
//! beforehand, so that compressing runs on every thread and the one writer
//! only copies bytes.
//!
//! - [`Piece`]: a part of a long entry (project.qde) deflated on its own.
//!   Every piece but the last ends with a sync flush, on a byte boundary
//!   with no final block, so pieces deflated independently and joined in
//!   order are one valid deflate stream (what pigz does); their CRC-32s
//!   combine into the entry's.
//! - [`Batch`]: many small entries (the sources), local headers and data
//!   laid out in memory, made on any thread.
//! - [`Archive`]: writes a streamed entry piece by piece and patches its
//!   local header at the end, appends batches, and writes the central
//!   directory (ZIP64 end records when there are more than 65,535 entries or
//!   the archive passes 4 GiB).
//!
//! The zip crate cannot take data deflated elsewhere, hence this writer;
//! reading (and the tests that check what is written) stays with the crate.
//! Headers are laid out as the crate lays them out: version 1.0 for stored
//! and 2.0 for deflated entries, made on Unix, mode 0644, the fixed time
//! 1980-01-01 00:00, no data descriptors.

use crc32fast::Hasher as Crc;
use flate2::{Compress, Compression, FlushCompress, Status};
use std::io::{self, Seek, SeekFrom, Write};

/// Compression level of every deflated entry: the fastest. project.qde is
/// large XML and compresses well even so.
const LEVEL: u32 = 1;
/// Largest value a 32-bit size or offset field holds; this value itself
/// means "see the ZIP64 extra field".
const MAX32: u64 = 0xFFFF_FFFF;
/// Most entries the end record counts without ZIP64.
const MAX_ENTRIES16: u64 = 0xFFFF;
/// MS-DOS date of 1980-01-01 (time 00:00 is 0).
const DOS_DATE: u16 = (1 << 5) | 1;
/// Unix regular file, mode 0644, in the high half of the external attributes.
const EXTERNAL_ATTRIBUTES: u32 = 0o100_644 << 16;
/// "Made by": Unix in the high byte (the version needed in the low one).
const MADE_ON_UNIX: u16 = 3 << 8;
/// Version needed to extract an entry with ZIP64 extra fields.
const VERSION_ZIP64: u16 = 45;
/// Header ID of the ZIP64 extended information extra field.
const ZIP64_EXTRA: u16 = 0x0001;
/// Header ID of the "growth hint" extra field (APPNOTE 4.6: Microsoft Open
/// Packaging): padding that readers skip. A streamed entry reserves it in
/// its local header, to become the ZIP64 field should the entry pass 4 GiB.
const GROWTH_HINT: u16 = 0xa220;
/// Signature of the growth hint's data.
const GROWTH_HINT_SIGNATURE: u16 = 0xa028;
/// Size of the reserved field: a ZIP64 field with both sizes (4 + 16).
const RESERVED: usize = 20;

/// How an entry's data is stored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Method {
    /// As it is.
    Stored,
    /// Raw deflate.
    Deflated,
}

impl Method {
    fn code(self) -> u16 {
        match self {
            Method::Stored => 0,
            Method::Deflated => 8,
        }
    }

    /// The version needed to extract (without ZIP64).
    fn version(self) -> u16 {
        match self {
            Method::Stored => 10,
            Method::Deflated => 20,
        }
    }
}

/// A part of a streamed entry, deflated on its own: the compressed bytes,
/// and the CRC-32 and length of the text they hold.
pub(crate) struct Piece {
    data: Vec<u8>,
    crc: Crc,
    size: u64,
    last: bool,
}

impl Piece {
    /// `text` deflated as one piece of a longer stream: ending with a sync
    /// flush, or with the final block when `last`.
    pub(crate) fn deflate(text: &[u8], last: bool) -> io::Result<Piece> {
        let mut crc = Crc::new();
        crc.update(text);
        Ok(Piece {
            data: deflate(text, last)?,
            crc,
            size: text.len() as u64,
            last,
        })
    }

    /// The compressed bytes.
    #[cfg(test)]
    pub(crate) fn bytes(&self) -> &[u8] {
        &self.data
    }
}

/// Raw deflate (no zlib header) of `text` at [`LEVEL`]; a sync flush ends
/// it unless `last`, which ends the stream.
fn deflate(text: &[u8], last: bool) -> io::Result<Vec<u8>> {
    let mut c = Compress::new(Compression::new(LEVEL), false);
    let flush = if last {
        FlushCompress::Finish
    } else {
        FlushCompress::Sync
    };
    let mut out = Vec::with_capacity(text.len() / 2 + 64);
    loop {
        if out.len() == out.capacity() {
            out.reserve(out.capacity().max(64));
        }
        let read = c.total_in() as usize;
        let status = c
            .compress_vec(&text[read..], &mut out, flush)
            .map_err(io::Error::other)?;
        let done = match status {
            Status::StreamEnd => true,
            // A flush is complete once all input is in and the output had
            // room to spare.
            _ => !last && c.total_in() as usize == text.len() && out.len() < out.capacity(),
        };
        if done {
            return Ok(out);
        }
    }
}

/// What the central directory keeps of an entry.
struct Entry {
    method: Method,
    crc: u32,
    size: u64,
    packed: u64,
    offset: u64,
}

/// Many small entries laid out as they go into the archive: each entry's
/// local header and data, one after the other, with offsets counted from
/// the batch's start.
#[derive(Default)]
pub(crate) struct Batch {
    bytes: Vec<u8>,
    /// The entries' names, one after the other.
    names: String,
    /// (end of the name in `names`, entry with its offset in `bytes`).
    entries: Vec<(usize, Entry)>,
}

impl Batch {
    /// Add the file `name` holding `data`, deflated if `deflate`, else
    /// stored as it is.
    pub(crate) fn add(&mut self, name: &str, data: &[u8], deflate: bool) -> io::Result<()> {
        let packed_data;
        let (method, stored) = if deflate {
            packed_data = self::deflate(data, true)?;
            (Method::Deflated, packed_data.as_slice())
        } else {
            (Method::Stored, data)
        };
        let entry = Entry {
            method,
            crc: crc32fast::hash(data),
            size: data.len() as u64,
            packed: stored.len() as u64,
            offset: self.bytes.len() as u64,
        };
        local_header(&mut self.bytes, name, &entry, false);
        self.bytes.extend_from_slice(stored);
        self.names.push_str(name);
        self.entries.push((self.names.len(), entry));
        Ok(())
    }
}

/// Whether an entry's sizes need the ZIP64 field.
fn sizes64(e: &Entry) -> bool {
    e.size >= MAX32 || e.packed >= MAX32
}

/// The 32-bit field for `v`: `v`, or [`MAX32`] when it does not fit.
fn field32(v: u64) -> u32 {
    v.min(MAX32) as u32
}

fn put16(out: &mut Vec<u8>, v: u16) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put32(out: &mut Vec<u8>, v: u32) {
    out.extend_from_slice(&v.to_le_bytes());
}

fn put64(out: &mut Vec<u8>, v: u64) {
    out.extend_from_slice(&v.to_le_bytes());
}

/// General purpose flags: bit 11 says the name is UTF-8 (when it is not
/// ASCII).
fn flags(name: &str) -> u16 {
    if name.is_ascii() { 0 } else { 1 << 11 }
}

/// The local file header of `e`. `reserve`: add a growth hint that can
/// later become the ZIP64 field (for an entry whose sizes are not known
/// yet).
fn local_header(out: &mut Vec<u8>, name: &str, e: &Entry, reserve: bool) {
    let zip64 = sizes64(e);
    put32(out, 0x0403_4b50);
    put16(
        out,
        if zip64 {
            VERSION_ZIP64
        } else {
            e.method.version()
        },
    );
    put16(out, flags(name));
    put16(out, e.method.code());
    put16(out, 0);
    put16(out, DOS_DATE);
    put32(out, e.crc);
    let (packed, size) = if zip64 {
        (u32::MAX, u32::MAX)
    } else {
        (e.packed as u32, e.size as u32)
    };
    put32(out, packed);
    put32(out, size);
    put16(out, name.len() as u16);
    put16(out, if zip64 || reserve { RESERVED as u16 } else { 0 });
    out.extend_from_slice(name.as_bytes());
    if zip64 {
        put16(out, ZIP64_EXTRA);
        put16(out, 16);
        put64(out, e.size);
        put64(out, e.packed);
    } else if reserve {
        put16(out, GROWTH_HINT);
        put16(out, (RESERVED - 4) as u16);
        put16(out, GROWTH_HINT_SIGNATURE);
        out.extend_from_slice(&[0; RESERVED - 6]);
    }
}

/// The central directory record of `e`.
fn central_record(out: &mut Vec<u8>, name: &str, e: &Entry) {
    let mut extra = Vec::new();
    for v in [e.size, e.packed, e.offset] {
        if v >= MAX32 {
            put64(&mut extra, v);
        }
    }
    let version = if extra.is_empty() {
        e.method.version()
    } else {
        VERSION_ZIP64
    };
    put32(out, 0x0201_4b50);
    put16(out, MADE_ON_UNIX | version);
    put16(out, version);
    put16(out, flags(name));
    put16(out, e.method.code());
    put16(out, 0);
    put16(out, DOS_DATE);
    put32(out, e.crc);
    put32(out, field32(e.packed));
    put32(out, field32(e.size));
    put16(out, name.len() as u16);
    put16(
        out,
        if extra.is_empty() {
            0
        } else {
            4 + extra.len() as u16
        },
    );
    put16(out, 0); // comment
    put16(out, 0); // disk
    put16(out, 0); // internal attributes
    put32(out, EXTERNAL_ATTRIBUTES);
    put32(out, field32(e.offset));
    out.extend_from_slice(name.as_bytes());
    if !extra.is_empty() {
        put16(out, ZIP64_EXTRA);
        put16(out, extra.len() as u16);
        out.extend_from_slice(&extra);
    }
}

/// A streamed entry being written.
struct Open {
    name: String,
    offset: u64,
    crc: Crc,
    size: u64,
    packed: u64,
    ended: bool,
}

/// A zip archive written front to back (seeking back only to finish a
/// streamed entry's header).
pub(crate) struct Archive<W: Write + Seek> {
    out: W,
    /// Bytes written so far.
    at: u64,
    /// The central directory records so far.
    central: Vec<u8>,
    entries: u64,
    /// The highest version needed by an entry.
    version: u16,
    open: Option<Open>,
}

impl<W: Write + Seek> Archive<W> {
    /// An empty archive written into `out` from its current position on.
    pub(crate) fn new(mut out: W) -> io::Result<Self> {
        let at = out.stream_position()?;
        Ok(Archive {
            out,
            at,
            central: Vec::new(),
            entries: 0,
            version: Method::Stored.version(),
            open: None,
        })
    }

    fn put(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.out.write_all(bytes)?;
        self.at += bytes.len() as u64;
        Ok(())
    }

    fn record(&mut self, name: &str, e: &Entry) {
        central_record(&mut self.central, name, e);
        self.entries += 1;
        let zip64 = sizes64(e) || e.offset >= MAX32;
        self.version = self.version.max(if zip64 {
            VERSION_ZIP64
        } else {
            e.method.version()
        });
    }

    /// Start the deflated entry `name`, whose data comes in [`Piece`]s.
    pub(crate) fn begin(&mut self, name: &str) -> io::Result<()> {
        debug_assert!(self.open.is_none(), "one streamed entry at a time");
        let offset = self.at;
        let mut header = Vec::new();
        let placeholder = Entry {
            method: Method::Deflated,
            crc: 0,
            size: 0,
            packed: 0,
            offset,
        };
        local_header(&mut header, name, &placeholder, true);
        self.put(&header)?;
        self.open = Some(Open {
            name: name.to_string(),
            offset,
            crc: Crc::new(),
            size: 0,
            packed: 0,
            ended: false,
        });
        Ok(())
    }

    /// Append the next piece of the streamed entry.
    pub(crate) fn piece(&mut self, piece: &Piece) -> io::Result<()> {
        let Some(open) = self.open.as_mut() else {
            return Err(io::Error::other("a piece of no entry"));
        };
        if open.ended {
            return Err(io::Error::other("a piece after the last"));
        }
        open.crc.combine(&piece.crc);
        open.size += piece.size;
        open.packed += piece.data.len() as u64;
        open.ended = piece.last;
        self.out.write_all(&piece.data)?;
        self.at += piece.data.len() as u64;
        Ok(())
    }

    /// End the streamed entry (its last piece written): write its sizes and
    /// CRC into its local header.
    pub(crate) fn end(&mut self) -> io::Result<()> {
        let Some(open) = self.open.take() else {
            return Err(io::Error::other("no entry to end"));
        };
        if !open.ended {
            return Err(io::Error::other("an entry without its last piece"));
        }
        let e = Entry {
            method: Method::Deflated,
            crc: open.crc.clone().finalize(),
            size: open.size,
            packed: open.packed,
            offset: open.offset,
        };
        // The header is as long as it was with the placeholder: the
        // reserved field becomes the ZIP64 one if needed.
        let mut header = Vec::new();
        local_header(&mut header, &open.name, &e, !sizes64(&e));
        self.out.seek(SeekFrom::Start(open.offset))?;
        self.out.write_all(&header)?;
        self.out.seek(SeekFrom::Start(self.at))?;
        self.record(&open.name, &e);
        Ok(())
    }

    /// Append the entries of `batch`.
    pub(crate) fn batch(&mut self, batch: &Batch) -> io::Result<()> {
        if self.open.is_some() {
            return Err(io::Error::other("entries inside a streamed entry"));
        }
        let base = self.at;
        self.put(&batch.bytes)?;
        let mut from = 0;
        for (to, e) in &batch.entries {
            let e = Entry {
                offset: base + e.offset,
                ..*e
            };
            self.record(&batch.names[from..*to], &e);
            from = *to;
        }
        Ok(())
    }

    /// Write the central directory and the end records; returns the sink.
    pub(crate) fn finish(mut self) -> io::Result<W> {
        if self.open.is_some() {
            return Err(io::Error::other("a streamed entry was not ended"));
        }
        let start = self.at;
        let central = std::mem::take(&mut self.central);
        self.put(&central)?;
        let size = central.len() as u64;
        drop(central);
        let zip64 = self.entries > MAX_ENTRIES16 || start.max(size) > MAX32;
        let mut end = Vec::with_capacity(98);
        if zip64 {
            let record = self.at;
            put32(&mut end, 0x0606_4b50);
            put64(&mut end, 44);
            put16(&mut end, self.version);
            put16(&mut end, self.version);
            put32(&mut end, 0);
            put32(&mut end, 0);
            put64(&mut end, self.entries);
            put64(&mut end, self.entries);
            put64(&mut end, size);
            put64(&mut end, start);
            put32(&mut end, 0x0706_4b50);
            put32(&mut end, 0);
            put64(&mut end, record);
            put32(&mut end, 1);
        }
        let entries16 = self.entries.min(MAX_ENTRIES16) as u16;
        put32(&mut end, 0x0605_4b50);
        put16(&mut end, 0);
        put16(&mut end, 0);
        put16(&mut end, entries16);
        put16(&mut end, entries16);
        put32(&mut end, if zip64 { u32::MAX } else { size as u32 });
        put32(&mut end, field32(start));
        put16(&mut end, 0); // comment
        self.put(&end)?;
        Ok(self.out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Cursor, Read};

    fn read_all(bytes: &[u8]) -> Vec<(String, Vec<u8>, zip::CompressionMethod)> {
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).expect("a zip archive");
        (0..zip.len())
            .map(|i| {
                let mut f = zip.by_index(i).unwrap();
                let mut data = Vec::new();
                f.read_to_end(&mut data).unwrap();
                (f.name().unwrap().to_string(), data, f.compression())
            })
            .collect()
    }

    #[test]
    fn pieces_deflated_apart_join_into_one_stream() {
        let text: Vec<u8> = (0..200_000u32)
            .flat_map(|i| {
                format!("<Vastaus n=\"{i}\">Hyvä palvelu {}</Vastaus>\n", i % 97).into_bytes()
            })
            .collect();
        let cuts = [0, 1, 5000, 5001, 70_000, 3_000_000, text.len()];
        let mut joined = Vec::new();
        let mut crc = Crc::new();
        for w in cuts.windows(2) {
            let last = w[1] == text.len();
            let p = Piece::deflate(&text[w[0]..w[1]], last).unwrap();
            crc.combine(&p.crc);
            joined.extend_from_slice(p.bytes());
        }
        let mut back = Vec::new();
        flate2::read::DeflateDecoder::new(joined.as_slice())
            .read_to_end(&mut back)
            .unwrap();
        assert!(back == text, "the joined pieces do not inflate to the text");
        let mut whole = Crc::new();
        whole.update(&text);
        assert_eq!(crc.finalize(), whole.finalize());
        // An empty piece is valid too (an empty stored block, or the end).
        assert!(!Piece::deflate(b"", false).unwrap().bytes().is_empty());
    }

    #[test]
    fn an_archive_of_a_streamed_entry_and_batches_reads_back() {
        let qde = "<Project>\n".repeat(10_000);
        let mut archive = Archive::new(Cursor::new(Vec::new())).unwrap();
        archive.begin("project.qde").unwrap();
        let (a, b) = qde.split_at(30_001);
        archive
            .piece(&Piece::deflate(a.as_bytes(), false).unwrap())
            .unwrap();
        archive
            .piece(&Piece::deflate(b.as_bytes(), true).unwrap())
            .unwrap();
        archive.end().unwrap();
        let long = "Pitkä vastaus. ".repeat(400);
        let mut batch = Batch::default();
        batch
            .add("sources/a.txt", "Lyhyt vastaus.".as_bytes(), false)
            .unwrap();
        batch.add("sources/b.txt", long.as_bytes(), true).unwrap();
        batch.add("sources/ä.txt", b"", false).unwrap();
        archive.batch(&batch).unwrap();
        archive.batch(&Batch::default()).unwrap();
        let bytes = archive.finish().unwrap().into_inner();
        let files = read_all(&bytes);
        let names: Vec<&str> = files.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(
            names,
            [
                "project.qde",
                "sources/a.txt",
                "sources/b.txt",
                "sources/ä.txt"
            ]
        );
        assert!(files[0].1 == qde.as_bytes());
        assert_eq!(files[0].2, zip::CompressionMethod::Deflated);
        assert_eq!(files[1].1, "Lyhyt vastaus.".as_bytes());
        assert_eq!(files[1].2, zip::CompressionMethod::Stored);
        assert!(files[2].1 == long.as_bytes());
        assert_eq!(files[2].2, zip::CompressionMethod::Deflated);
        assert!(files[3].1.is_empty());
    }

    #[test]
    fn more_than_65535_entries_get_zip64_end_records() {
        let mut archive = Archive::new(Cursor::new(Vec::new())).unwrap();
        let mut batch = Batch::default();
        for i in 0..70_000 {
            batch
                .add(&format!("s/{i}.txt"), format!("{i}").as_bytes(), false)
                .unwrap();
        }
        archive.batch(&batch).unwrap();
        let bytes = archive.finish().unwrap().into_inner();
        let files = read_all(&bytes);
        assert_eq!(files.len(), 70_000);
        assert_eq!(files[69_999].0, "s/69999.txt");
        assert_eq!(files[69_999].1, b"69999");
        // The 16-bit count says "see ZIP64", and the ZIP64 record is there.
        let eocd = &bytes[bytes.len() - 22..];
        assert_eq!(&eocd[..4], &[0x50, 0x4b, 0x05, 0x06]);
        assert_eq!(&eocd[8..10], &[0xff, 0xff]);
    }

    #[test]
    fn an_entry_past_4_gib_gets_zip64_sizes_in_both_headers() {
        // A piece that claims 5 GiB of text: the headers are what is checked
        // here, not the data.
        let huge = 5u64 << 30;
        let mut archive = Archive::new(Cursor::new(Vec::new())).unwrap();
        let mut batch = Batch::default();
        batch.add("sources/a.txt", b"Lyhyt.", false).unwrap();
        archive.batch(&batch).unwrap();
        archive.begin("project.qde").unwrap();
        let header_end = archive.at;
        let mut crc = Crc::new();
        crc.update(b"x");
        archive
            .piece(&Piece {
                data: vec![3, 0],
                crc,
                size: huge,
                last: true,
            })
            .unwrap();
        archive.end().unwrap();
        let bytes = archive.finish().unwrap().into_inner();
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes.as_slice())).unwrap();
        assert_eq!(zip.len(), 2);
        let qde = zip.by_name("project.qde").unwrap();
        assert_eq!(qde.size(), huge);
        assert_eq!(qde.compressed_size(), 2);
        assert_eq!(qde.data_start(), Some(header_end));
        // The local header: sizes say "see ZIP64", and the reserved field
        // became the ZIP64 one, the same length.
        let local = (header_end as usize) - (30 + "project.qde".len() + RESERVED);
        let h = &bytes[local..header_end as usize];
        assert_eq!(&h[..4], &[0x50, 0x4b, 0x03, 0x04]);
        assert_eq!(&h[18..26], &[0xff; 8]);
        let extra = &h[30 + "project.qde".len()..];
        assert_eq!(&extra[..4], &[0x01, 0x00, 0x10, 0x00]);
        assert_eq!(&extra[4..12], &huge.to_le_bytes());
        assert_eq!(&extra[12..20], &2u64.to_le_bytes());
        // Offsets past 4 GiB go into the central directory's ZIP64 field.
        let mut central = Vec::new();
        let far = Entry {
            method: Method::Stored,
            crc: 0,
            size: 1,
            packed: 1,
            offset: 6 << 30,
        };
        central_record(&mut central, "s", &far);
        assert_eq!(&central[42..46], &[0xff; 4]);
        assert_eq!(&central[47..51], &[0x01, 0x00, 0x08, 0x00]);
        assert_eq!(&central[51..59], &(6u64 << 30).to_le_bytes());
    }

    #[test]
    fn misuse_is_an_error_not_a_broken_archive() {
        let mut archive = Archive::new(Cursor::new(Vec::new())).unwrap();
        assert!(archive.piece(&Piece::deflate(b"x", true).unwrap()).is_err());
        archive.begin("a").unwrap();
        archive
            .piece(&Piece::deflate(b"x", false).unwrap())
            .unwrap();
        assert!(archive.end().is_err(), "no last piece");
        let mut archive = Archive::new(Cursor::new(Vec::new())).unwrap();
        archive.begin("a").unwrap();
        assert!(archive.batch(&Batch::default()).is_err());
        assert!(archive.finish().is_err());
    }
}
