//! Email addresses: `matti.virtanen@example.fi`, also in upper case and
//! with letters such as ä and ö, and written out against harvesters the
//! ways people do: `etunimi.sukunimi(at)example.fi`, `[at]`, `{at}`,
//! `<at>`, `(ät)`, `(a)`, `(miukumauku)`, `nimi at example.fi`,
//! `nimi @ example.fi`, with the dots too written out:
//! `nimi [at] example [dot] fi`, `(piste)`, `nimi at example dot fi`.
//! Two addresses are the same when they are equal ignoring case and the
//! way `@` and the dots are written.
//!
//! White space on one or both sides of a bare `@` (`matti.virtanen @kunta.fi`,
//! `matti.virtanen@ kunta.fi`, `matti.virtanen  @  kunta.fi`) is typed as
//! often as not; there the domain must look like one: labels and a
//! top-level domain written in one case that is a country's two letters or
//! a generic one ([`GENERIC_TLDS`]), so that `klo 10 @ kahvila.Sitten`
//! (a sentence run together) is not taken. With the space only before the
//! `@`, a word and a handle or a domain are written so too (`kirjoita
//! @gmail.com perään`, `kiitos @teema.fi`): there the name part must look
//! like an address's own, with a `.`, `_`, `-`, `+` or a digit in it
//! (`matti.virtanen @kunta.fi`, `mv82 @kunta.fi`).

use super::{Context, Detector, Found};
use crate::privacy::Kind;
use regex::Regex;
use std::sync::LazyLock;

/// `@` written out in brackets (without them only `at` and `ät`).
const AT_WORDS: &str = "at|ät|a|miuku|miukumauku|kissanhäntä|at-merkki|ät-merkki";
/// `.` written out in brackets (without them only `dot` and `piste`).
const DOT_WORDS: &str = "dot|piste|p";

/// `@` in any of its written forms, with the spaces around it (a bare `@`
/// with spaces: [`spaced_at_fits`] decides).
static AT: LazyLock<String> = LazyLock::new(|| {
    format!(
        r"(?:[ \t\u{{a0}}]{{0,3}}@[ \t\u{{a0}}]{{0,3}}|\s?[\(\[\{{<]\s?(?:{AT_WORDS})\s?[\)\]\}}>]\s?|\s(?:at|ät)\s)"
    )
});

/// Generic top-level domains that a domain after a spaced `@` may end in
/// (besides any two letters, a country's).
const GENERIC_TLDS: &[&str] = &[
    "com", "net", "org", "info", "edu", "gov", "int", "mil", "biz", "name", "pro", "app", "dev",
    "io", "eu", "coop", "museum", "online", "email",
];
/// `.` in any of its written forms.
static DOT: LazyLock<String> = LazyLock::new(|| {
    format!(r"(?:\.|\s?[\(\[\{{<]\s?(?:{DOT_WORDS})\s?[\)\]\}}>]\s?|\s(?:dot|piste)\s)")
});

/// The written-out forms in a found address, for its key.
static AT_FORM: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!("(?i){}", *AT)).unwrap());
static DOT_FORM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\s?[\(\[\{{<]\s?(?:{DOT_WORDS})\s?[\)\]\}}>]\s?|\s(?:dot|piste)\s"
    ))
    .unwrap()
});

/// Finds email addresses.
#[derive(Debug)]
pub struct Email {
    re: Regex,
}

impl Email {
    /// Compile the pattern.
    pub fn new() -> Email {
        let (at, dot) = (&*AT, &*DOT);
        // An apostrophe only inside a name (`o'brien`), never eating a quote.
        let atom = r"[\p{L}\p{N}_%+\-]+(?:['’][\p{L}\p{N}_%+\-]+)*";
        let local = format!(r"{atom}(?:{dot}{atom})*");
        let label = r"[\p{L}\p{N}](?:[\p{L}\p{N}\-]*[\p{L}\p{N}])?";
        let domain = format!(r"(?:{label}{dot})+\p{{L}}{{2,}}");
        let re = Regex::new(&format!("(?i){local}{at}{domain}")).expect("email regex");
        Email { re }
    }
}

impl Default for Email {
    fn default() -> Self {
        Email::new()
    }
}

impl Detector for Email {
    fn kind(&self) -> Kind {
        Kind::Email
    }

    fn find(&self, text: &str, cx: &mut Context<'_, '_>, out: &mut Vec<Found>) {
        if !cx.hints.at {
            return;
        }
        let mut at = 0;
        while let Some(m) = self.re.find_at(text, at) {
            if !spaced_at_fits(m.as_str()) {
                // What followed the `@` may start an address of its own
                // (`kirjoita @ matti@kunta.fi`).
                at = m.start() + m.as_str().find('@').map_or(m.len(), |i| i + 1);
                continue;
            }
            out.push(Found {
                start: m.start(),
                end: m.end(),
                kind: Kind::Email,
                key: key(m.as_str()),
            });
            at = m.end();
        }
    }
}

/// True unless `address` has a bare `@` with white space beside it whose
/// surroundings do not look like an address (see the module's docs): the
/// domain's last label must be a top-level domain in one case, and with
/// the space before the `@` only, the name part must have a `.`, `_`,
/// `-`, `+` or a digit.
fn spaced_at_fits(address: &str) -> bool {
    let Some(at) = address.find('@') else {
        return true;
    };
    let (name, domain) = (&address[..at], &address[at + 1..]);
    let space_before = name.ends_with(char::is_whitespace);
    let space_after = domain.starts_with(char::is_whitespace);
    if !space_before && !space_after {
        return true;
    }
    let tld = domain.rsplit('.').next().unwrap_or("");
    let one_case = tld.chars().all(char::is_lowercase) || tld.chars().all(char::is_uppercase);
    let lower = tld.to_lowercase();
    let known = (lower.len() == 2 && lower.bytes().all(|b| b.is_ascii_lowercase()))
        || GENERIC_TLDS.contains(&lower.as_str());
    if !(one_case && known) {
        return false;
    }
    space_after
        || name
            .trim_end()
            .contains(|c: char| matches!(c, '.' | '_' | '-' | '+') || c.is_ascii_digit())
}

/// Lower case, `@` and `.` written as such, no spaces.
fn key(address: &str) -> String {
    let at = AT_FORM.replace_all(address, "@");
    let dotted = DOT_FORM.replace_all(&at, ".");
    dotted
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::privacy::detect::found_by;

    fn find(text: &str) -> Vec<(String, String)> {
        found_by(&Email::new(), text)
    }

    #[test]
    fn plain_unicode_and_written_out_at() {
        assert_eq!(
            find("laita viestiä osoitteeseen Matti.Virtanen@Example.fi."),
            [(
                "Matti.Virtanen@Example.fi".to_string(),
                "matti.virtanen@example.fi".to_string()
            )]
        );
        assert_eq!(
            find("(sähköposti: tiina.mäkelä@yhdistys.fi)")[0].0,
            "tiina.mäkelä@yhdistys.fi"
        );
        assert_eq!(
            find("etunimi.sukunimi(at)kunta.fi tai x [at] y.org")
                .iter()
                .map(|f| f.1.as_str())
                .collect::<Vec<_>>(),
            ["etunimi.sukunimi@kunta.fi", "x@y.org"]
        );
    }

    #[test]
    fn obfuscated_and_upper_case() {
        for (text, address) in [
            ("nimi [at] example [dot] fi", "nimi@example.fi"),
            ("NIMI.SUKUNIMI@KUNTA.FI", "nimi.sukunimi@kunta.fi"),
            ("Etunimi.Sukunimi(AT)kunta.fi", "etunimi.sukunimi@kunta.fi"),
            (
                "etunimi.sukunimi (at) kunta.fi",
                "etunimi.sukunimi@kunta.fi",
            ),
            ("etunimi.sukunimi(a)kunta.fi", "etunimi.sukunimi@kunta.fi"),
            ("etunimi.sukunimi{at}kunta.fi", "etunimi.sukunimi@kunta.fi"),
            ("etunimi.sukunimi<at>kunta.fi", "etunimi.sukunimi@kunta.fi"),
            (
                "etunimi.sukunimi(miukumauku)kunta.fi",
                "etunimi.sukunimi@kunta.fi",
            ),
            ("matti at kunta dot fi", "matti@kunta.fi"),
            ("matti ät kunta piste fi", "matti@kunta.fi"),
            ("matti(at)kunta(piste)fi", "matti@kunta.fi"),
            ("matti @ kunta.fi", "matti@kunta.fi"),
            ("matti.virtanen @kunta.fi", "matti.virtanen@kunta.fi"),
            ("matti.virtanen@ kunta.fi", "matti.virtanen@kunta.fi"),
            ("matti.virtanen @ kunta.fi", "matti.virtanen@kunta.fi"),
            ("matti.virtanen  @  kunta.fi", "matti.virtanen@kunta.fi"),
            ("matti@ kunta.fi", "matti@kunta.fi"),
            ("mv82 @kunta.fi", "mv82@kunta.fi"),
            ("matti.virtanen @ KUNTA.FI", "matti.virtanen@kunta.fi"),
            ("matti_v @yritys.com", "matti_v@yritys.com"),
            (
                "matti[dot]virtanen[at]kunta[dot]fi",
                "matti.virtanen@kunta.fi",
            ),
        ] {
            let f = find(&format!("Osoite: {text}, kiitos."));
            assert_eq!(f.len(), 1, "{text:?}: {f:?}");
            assert_eq!(f[0].0, text, "{text:?}");
            assert_eq!(f[0].1, address, "{text:?}");
        }
    }

    #[test]
    fn an_apostrophe_inside_the_name_is_part_of_it() {
        assert_eq!(
            find("kirjoita o'brien@example.fi tai 'anna@example.fi'")
                .iter()
                .map(|f| f.0.as_str())
                .collect::<Vec<_>>(),
            ["o'brien@example.fi", "anna@example.fi"]
        );
    }

    #[test]
    fn an_address_after_a_rejected_spaced_at_is_found() {
        assert_eq!(
            find("kirjoita @ matti.virtanen@kunta.fi")
                .iter()
                .map(|f| f.0.as_str())
                .collect::<Vec<_>>(),
            ["matti.virtanen@kunta.fi"]
        );
    }

    #[test]
    fn not_addresses() {
        for text in [
            "@matti kiitos",
            "hinta 5 € @ kpl",
            "katso (at) kohta",
            "matti@localhost",
            "sähköpostia tuli paljon",
            "osoitteesta @palvelu.org tuli viesti",
            "kirjoita @gmail.com perään",
            // A spaced `@`: the domain must end in a top-level domain in
            // one case, and a bare word before ` @x.y` is no address.
            "klo 10 @ kahvila",
            "klo 10 @ kahvila.Sitten lähdettiin",
            "hinta 5 @ kpl.Se oli halpa",
            "tavataan @ torilla.kello kuusi",
            "kiitos @teema.fi ja @matti.virtanen",
            "kiitos @teema",
            "laita viesti @kunta.fi osoitteeseen",
        ] {
            assert!(find(text).is_empty(), "{text:?}: {:?}", find(text));
        }
    }
}
