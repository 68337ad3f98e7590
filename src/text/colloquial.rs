//! Colloquial Finnish normalisation before lemmatising: `mä` → minä,
//! `oon` → olen, `ollu` → ollut, `meil` → meillä, `et` → että in speech,
//! `onks` → onko, …
//!
//! The rules are data (`colloquial.rules`, embedded at build time), not
//! code: whole forms, forms that hold only in spoken text, and endings that
//! are tried only when the lemmatiser does not know a form as written.

use rustc_hash::FxHashMap;

/// The embedded rule file.
const RULES: &str = include_str!("colloquial.rules");

/// One ending rule: `*old = *new` (A/O in `new` follow vowel harmony).
#[derive(Debug, Clone)]
struct EndingRule {
    old: String,
    new: String,
}

/// The colloquial rule set.
#[derive(Debug, Clone, Default)]
pub struct Colloquial {
    /// Whole forms in every register.
    forms: FxHashMap<String, String>,
    /// Whole forms only in spoken text.
    spoken: FxHashMap<String, String>,
    /// Ending rules, longest ending first.
    endings: Vec<EndingRule>,
}

impl Colloquial {
    /// The embedded rules.
    pub fn embedded() -> Colloquial {
        Colloquial::parse(RULES).expect("the embedded colloquial.rules is valid")
    }

    /// Parse a rule file; the error names the 1-based line and what is wrong.
    pub fn parse(text: &str) -> Result<Colloquial, (u64, String)> {
        let mut rules = Colloquial::default();
        for (n, raw) in text.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let lineno = n as u64 + 1;
            let (lhs, rhs) = line.split_once('=').ok_or_else(|| {
                (
                    lineno,
                    format!("expected `FORM = STANDARD`, found `{line}`"),
                )
            })?;
            let (rhs, spoken) = match rhs.trim().strip_suffix("@spoken") {
                Some(r) => (r.trim(), true),
                None => (rhs.trim(), false),
            };
            let lhs = lhs.trim().to_lowercase();
            if lhs.is_empty() || rhs.is_empty() {
                return Err((lineno, format!("empty side in `{line}`")));
            }
            if let Some(old) = lhs.strip_prefix('*') {
                let new = rhs.strip_prefix('*').ok_or_else(|| {
                    (
                        lineno,
                        format!("an ending rule needs `*` on both sides: `{line}`"),
                    )
                })?;
                rules.endings.push(EndingRule {
                    old: old.to_string(),
                    new: new.to_string(),
                });
            } else {
                // A multi-word standard form (`niinku = niin kuin`): the
                // first word is what the form is lemmatised as.
                let first = rhs.split_whitespace().next().unwrap_or(rhs).to_string();
                let map = if spoken {
                    &mut rules.spoken
                } else {
                    &mut rules.forms
                };
                map.insert(lhs, first);
            }
        }
        rules
            .endings
            .sort_by_key(|r| std::cmp::Reverse(r.old.len()));
        Ok(rules)
    }

    /// The standard form of a whole word form (lower case), if a rule names it.
    pub fn form(&self, lower: &str, spoken: bool) -> Option<&str> {
        if spoken && let Some(s) = self.spoken.get(lower) {
            return Some(s);
        }
        self.forms.get(lower).map(String::as_str)
    }

    /// Candidate standard forms of an unknown form by its ending, best first.
    pub fn by_ending(&self, lower: &str) -> Vec<String> {
        let back = is_back_vowel_word(lower);
        self.endings
            .iter()
            .filter(|r| lower.len() > r.old.len() + 1 && lower.ends_with(&r.old))
            .map(|r| {
                let stem = &lower[..lower.len() - r.old.len()];
                let mut s = String::with_capacity(stem.len() + r.new.len() + 2);
                s.push_str(stem);
                for c in r.new.chars() {
                    s.push(match (c, back) {
                        ('A', true) => 'a',
                        ('A', false) => 'ä',
                        ('O', true) => 'o',
                        ('O', false) => 'ö',
                        (c, _) => c,
                    });
                }
                s
            })
            .collect()
    }
}

/// Finnish vowel harmony: a word takes back-vowel endings when its last
/// harmonic vowel (a, o, u) comes after any front vowel (ä, ö, y).
pub fn is_back_vowel_word(lower: &str) -> bool {
    for c in lower.chars().rev() {
        match c {
            'a' | 'o' | 'u' => return true,
            'ä' | 'ö' | 'y' => return false,
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_rules_parse_and_answer() {
        let c = Colloquial::embedded();
        assert_eq!(c.form("mä", false), Some("minä"));
        assert_eq!(c.form("ollu", false), Some("ollut"));
        assert_eq!(c.form("et", true), Some("että"));
        assert_eq!(c.form("et", false), None);
        assert_eq!(c.form("niinku", false), Some("niin"));
        assert_eq!(c.form("ite", false), Some("itse"));
        assert_eq!(c.form("mäki", true), Some("minäkin"));
        assert_eq!(c.form("mäki", false), None, "a hill in written text");
    }

    #[test]
    fn endings_follow_vowel_harmony() {
        let c = Colloquial::embedded();
        assert!(c.by_ending("tuleeks").contains(&"tuleeko".to_string()));
        assert!(c.by_ending("tehä").contains(&"tehdä".to_string()));
        assert!(c.by_ending("voisko").contains(&"voisiko".to_string()));
        assert!(c.by_ending("pitäiskö").contains(&"pitäisikö".to_string()));
        assert!(c.by_ending("kylmäst").contains(&"kylmästä".to_string()));
        assert!(c.by_ending("talost").contains(&"talosta".to_string()));
        assert!(c.by_ending("kauheesti").contains(&"kauheasti".to_string()));
        assert!(c.by_ending("hirveesti").contains(&"hirveästi".to_string()));
    }

    #[test]
    fn a_bad_rule_names_its_line() {
        let err = Colloquial::parse("mä = minä\nrikki\n").unwrap_err();
        assert_eq!(err.0, 2);
        assert!(Colloquial::parse("*ks = ko").is_err());
    }
}
