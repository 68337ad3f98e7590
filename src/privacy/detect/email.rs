//! Email addresses: `matti.virtanen@example.fi`, also with letters such as
//! ä and ö, and written out the Finnish way against harvesters:
//! `etunimi.sukunimi(at)example.fi`, `[at]`, `(ät)`. Two addresses are the
//! same when they are equal ignoring case and the way `@` is written.

use super::{Context, Detector, Found};
use crate::privacy::Kind;
use regex::Regex;

/// Finds email addresses.
#[derive(Debug)]
pub struct Email {
    re: Regex,
}

impl Email {
    /// Compile the pattern.
    pub fn new() -> Email {
        let local = r"[\p{L}\p{N}_%+\-]+(?:\.[\p{L}\p{N}_%+\-]+)*";
        let at = r"(?:@| ?[\(\[] ?(?:at|ät|AT) ?[\)\]] ?)";
        let domain = r"(?:[\p{L}\p{N}](?:[\p{L}\p{N}\-]*[\p{L}\p{N}])?\.)+\p{L}{2,}";
        let re = Regex::new(&format!("{local}{at}{domain}")).expect("email regex");
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
        for m in self.re.find_iter(text) {
            out.push(Found {
                start: m.start(),
                end: m.end(),
                kind: Kind::Email,
                key: key(m.as_str()),
            });
        }
    }
}

/// Lower case, `@` written as `@`, no spaces.
fn key(address: &str) -> String {
    let lower = address.to_lowercase();
    let mut out = String::with_capacity(lower.len());
    let mut rest = lower.as_str();
    while let Some(c) = rest.chars().next() {
        if c == '(' || c == '[' {
            let close = if c == '(' { ')' } else { ']' };
            if let Some(end) = rest.find(close) {
                out.push('@');
                rest = &rest[end + 1..];
                continue;
            }
        }
        if !c.is_whitespace() {
            out.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    out
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
    fn not_addresses() {
        for text in [
            "@matti kiitos",
            "hinta 5 € @ kpl",
            "katso (at) kohta",
            "matti@localhost",
            "sähköpostia tuli paljon",
        ] {
            assert!(find(text).is_empty(), "{text:?}: {:?}", find(text));
        }
    }
}
