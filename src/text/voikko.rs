//! The Voikko lemmatiser: libvoikko and its Finnish dictionary (voikko-fi),
//! loaded at run time with `libloading`, so teema builds and runs where
//! they are missing.
//!
//! [`VoikkoLibrary`] is the loaded library (shared by all threads; only
//! function pointers). A libvoikko handle is not thread-safe, so every
//! [`VoikkoLemmatizer`] (one per session, so per worker thread) opens its
//! own. Voikko's alternatives are mapped to Universal Dependencies lemmas
//! and one is chosen in [`super::voikko_ud`].

use super::lemmatizer::{Lemma, Lemmatizer};
use super::voikko_ud::{self, Analysis};
use libloading::Library;
use std::ffi::{CStr, CString, c_char, c_void};
use std::sync::Arc;

type InitFn = unsafe extern "C" fn(*mut *const c_char, *const c_char, *const c_char) -> *mut c_void;
type TerminateFn = unsafe extern "C" fn(*mut c_void);
type AnalyzeFn = unsafe extern "C" fn(*mut c_void, *const c_char) -> *mut *mut c_void;
type FreeAnalysesFn = unsafe extern "C" fn(*mut *mut c_void);
#[cfg(not(windows))]
type ValueFn = unsafe extern "C" fn(*const c_void, *const c_char) -> *const u32;
#[cfg(windows)]
type ValueFn = unsafe extern "C" fn(*const c_void, *const c_char) -> *mut c_char;
#[cfg(windows)]
type FreeValueFn = unsafe extern "C" fn(*mut c_char);
type VersionFn = unsafe extern "C" fn() -> *const c_char;

/// Where libvoikko is looked for, in order (when the `TEEMA_VOIKKO_LIB`
/// environment variable is set, only there).
const CANDIDATES: &[&str] = &[
    "libvoikko.so.1",
    "/usr/lib/x86_64-linux-gnu/libvoikko.so.1",
    "/usr/lib/aarch64-linux-gnu/libvoikko.so.1",
    "/usr/lib64/libvoikko.so.1",
    "/usr/lib/libvoikko.so.1",
    "/usr/local/lib/libvoikko.so.1",
    "libvoikko.so",
    "/opt/homebrew/lib/libvoikko.1.dylib",
    "/usr/local/lib/libvoikko.1.dylib",
    "libvoikko.1.dylib",
    "libvoikko-1.dll",
];

/// How to install Voikko, for messages.
pub const INSTALL_HINT: &str = "install it with `apt-get install libvoikko1 voikko-fi` (Debian, Ubuntu) \
     or `brew install libvoikko` (macOS)";

/// The loaded libvoikko: the functions teema calls. `Send + Sync` (only
/// function pointers and the library they live in).
pub struct VoikkoLibrary {
    init: InitFn,
    terminate: TerminateFn,
    analyze: AnalyzeFn,
    free_analyses: FreeAnalysesFn,
    /// `voikko_mor_analysis_value_ucs4` where `wchar_t` is UTF-32 (read in
    /// place), `voikko_mor_analysis_value_cstr` on Windows (UTF-16).
    value: ValueFn,
    #[cfg(windows)]
    free_value: FreeValueFn,
    version: String,
    /// Keeps the functions above valid.
    _lib: Library,
}

impl std::fmt::Debug for VoikkoLibrary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "VoikkoLibrary({})", self.version)
    }
}

impl VoikkoLibrary {
    /// Load libvoikko and check that the Finnish dictionary opens. The
    /// error says how to install Voikko.
    pub fn load() -> Result<Arc<VoikkoLibrary>, String> {
        // TEEMA_VOIKKO_LIB names the library to use (and only that one).
        let env = std::env::var("TEEMA_VOIKKO_LIB").ok();
        let names: Vec<&str> = match &env {
            Some(path) => vec![path.as_str()],
            None => CANDIDATES.to_vec(),
        };
        for name in names {
            // SAFETY: loading libvoikko runs no initialisers with preconditions.
            match unsafe { Library::new(name) } {
                Ok(lib) => {
                    let loaded = Self::from_library(lib).map_err(|e| format!("{name}: {e}"))?;
                    // A handle proves that the Finnish dictionary is there.
                    let handle = loaded.open().map_err(|e| {
                        format!("libvoikko was found ({name}) but the Finnish dictionary did not open: {e}; {INSTALL_HINT}")
                    })?;
                    drop(handle);
                    return Ok(Arc::new(loaded));
                }
                Err(_) => continue,
            }
        }
        Err(format!("Voikko was not found; {INSTALL_HINT}"))
    }

    fn from_library(lib: Library) -> Result<VoikkoLibrary, libloading::Error> {
        // SAFETY: the symbol types match libvoikko's C API (voikko.h).
        unsafe {
            let init = *lib.get::<InitFn>(b"voikkoInit\0")?;
            let terminate = *lib.get::<TerminateFn>(b"voikkoTerminate\0")?;
            let analyze = *lib.get::<AnalyzeFn>(b"voikkoAnalyzeWordCstr\0")?;
            let free_analyses = *lib.get::<FreeAnalysesFn>(b"voikko_free_mor_analysis\0")?;
            #[cfg(not(windows))]
            let value = *lib.get::<ValueFn>(b"voikko_mor_analysis_value_ucs4\0")?;
            #[cfg(windows)]
            let value = *lib.get::<ValueFn>(b"voikko_mor_analysis_value_cstr\0")?;
            #[cfg(windows)]
            let free_value = *lib.get::<FreeValueFn>(b"voikko_free_mor_analysis_value_cstr\0")?;
            let get_version = *lib.get::<VersionFn>(b"voikkoGetVersion\0")?;
            let v = get_version();
            let version = if v.is_null() {
                "?".to_string()
            } else {
                CStr::from_ptr(v).to_string_lossy().into_owned()
            };
            Ok(VoikkoLibrary {
                init,
                terminate,
                analyze,
                free_analyses,
                value,
                #[cfg(windows)]
                free_value,
                version,
                _lib: lib,
            })
        }
    }

    /// Append the value of `key` in the analysis `a` to `out` (nothing when
    /// the analysis has no such key).
    ///
    /// # Safety
    /// `a` is a live analysis from this library's `voikkoAnalyzeWordCstr`.
    unsafe fn read_value(&self, a: *const c_void, key: &CStr, out: &mut String) {
        // SAFETY: valid analysis and key (the caller's contract).
        let v = unsafe { (self.value)(a, key.as_ptr()) };
        if v.is_null() {
            return;
        }
        #[cfg(not(windows))]
        {
            // A null-terminated UTF-32 string owned by the analysis.
            let mut i = 0;
            loop {
                // SAFETY: within the string up to its terminator.
                let c = unsafe { *v.add(i) };
                if c == 0 {
                    break;
                }
                out.push(char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER));
                i += 1;
            }
        }
        #[cfg(windows)]
        {
            // SAFETY: a null-terminated UTF-8 copy, freed at once.
            out.push_str(&unsafe { CStr::from_ptr(v) }.to_string_lossy());
            unsafe { (self.free_value)(v) };
        }
    }

    /// libvoikko's version.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Open a handle on the Finnish dictionary.
    fn open(&self) -> Result<Handle<'_>, String> {
        let mut error: *const c_char = std::ptr::null();
        let lang = c"fi";
        // SAFETY: valid C strings; a null path means the default dictionary path.
        let raw = unsafe { (self.init)(&mut error, lang.as_ptr(), std::ptr::null()) };
        if raw.is_null() {
            let msg = if error.is_null() {
                "unknown error".to_string()
            } else {
                // SAFETY: libvoikko returns a static error string.
                unsafe { CStr::from_ptr(error) }
                    .to_string_lossy()
                    .into_owned()
            };
            return Err(msg);
        }
        Ok(Handle { lib: self, raw })
    }
}

/// An open libvoikko handle; terminated on drop.
struct Handle<'a> {
    lib: &'a VoikkoLibrary,
    raw: *mut c_void,
}

impl Drop for Handle<'_> {
    fn drop(&mut self) {
        // SAFETY: `raw` came from voikkoInit and is terminated once.
        unsafe { (self.lib.terminate)(self.raw) }
    }
}

/// The keys of an analysis teema reads.
const KEYS: [&CStr; 7] = [
    c"BASEFORM",
    c"CLASS",
    c"PARTICIPLE",
    c"COMPARISON",
    c"FSTOUTPUT",
    c"SIJAMUOTO",
    c"MOOD",
];

/// The fields of `a` in the order of [`KEYS`].
fn fields(a: &mut Analysis) -> [&mut String; 7] {
    [
        &mut a.baseform,
        &mut a.class,
        &mut a.participle,
        &mut a.comparison,
        &mut a.fst,
        &mut a.case,
        &mut a.mood,
    ]
}

/// A per-thread Voikko lemmatiser: its own handle on the shared library.
pub struct VoikkoLemmatizer {
    lib: Arc<VoikkoLibrary>,
    raw: *mut c_void,
    /// The analyses of the last word (the first `len`); the rest are
    /// earlier analyses kept for their string buffers.
    analyses: Vec<Analysis>,
    len: usize,
}

// SAFETY: a libvoikko handle may move between threads; it is only ever
// used by the one thread that owns the lemmatiser at a time (`&mut self`).
unsafe impl Send for VoikkoLemmatizer {}

impl VoikkoLemmatizer {
    /// Open a handle on the loaded library.
    pub fn new(lib: Arc<VoikkoLibrary>) -> Result<VoikkoLemmatizer, String> {
        let handle = lib.open()?;
        let raw = handle.raw;
        std::mem::forget(handle);
        Ok(VoikkoLemmatizer {
            lib,
            raw,
            analyses: Vec::new(),
            len: 0,
        })
    }

    /// Voikko's raw analyses of `word` (empty when it does not know it).
    /// The analyses do not depend on how `word` is capitalised: libvoikko
    /// lower-cases a word before it analyses it.
    pub fn analyses(&mut self, word: &str) -> &[Analysis] {
        self.len = 0;
        let Ok(cword) = CString::new(word) else {
            return &[];
        };
        let lib = &*self.lib;
        // SAFETY: valid handle and C string; the list is freed below.
        let list = unsafe { (lib.analyze)(self.raw, cword.as_ptr()) };
        if list.is_null() {
            return &[];
        }
        loop {
            // SAFETY: the list is null-terminated.
            let a = unsafe { *list.add(self.len) };
            if a.is_null() {
                break;
            }
            if self.len == self.analyses.len() {
                self.analyses.push(Analysis::default());
            }
            // The string buffers of an earlier word's analysis are reused.
            for (slot, key) in fields(&mut self.analyses[self.len]).into_iter().zip(KEYS) {
                slot.clear();
                // SAFETY: valid analysis and key; the value is owned by the
                // analysis and read before the list is freed.
                unsafe { lib.read_value(a, key, slot) };
            }
            self.len += 1;
        }
        // SAFETY: the list came from voikkoAnalyzeWordCstr.
        unsafe { (lib.free_analyses)(list) };
        &self.analyses[..self.len]
    }

    /// True when the choice among the last word's analyses does not depend
    /// on whether the word is capitalised: none of them is a proper noun
    /// (see [`voikko_ud::choose`]).
    pub fn last_case_free(&self) -> bool {
        !self.analyses[..self.len].iter().any(voikko_ud::is_proper)
    }
}

impl Drop for VoikkoLemmatizer {
    fn drop(&mut self) {
        // SAFETY: `raw` came from voikkoInit and is terminated once.
        unsafe { (self.lib.terminate)(self.raw) }
    }
}

impl Lemmatizer for VoikkoLemmatizer {
    fn lemmatize(&mut self, word: &str) -> Option<Lemma> {
        self.analyses(word);
        voikko_ud::choose(word, &self.analyses[..self.len])
    }

    fn name(&self) -> String {
        format!("voikko {}", self.lib.version)
    }

    fn last_case_free(&self) -> bool {
        VoikkoLemmatizer::last_case_free(self)
    }
}
