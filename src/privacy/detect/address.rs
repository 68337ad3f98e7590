//! Street addresses with a house number: a capitalised street name ending
//! in a street word (`-katu`, `-tie`, `-kuja`, `-polku`, `-väylä`, `-ranta`,
//! `-rinne`, `-kaari`, `-puisto`, … and Swedish `-gatan`, `-vägen`), in the
//! basic form or inflected (`Kotikadulla 3`), then the house number with
//! an optional letter, staircase and flat (`12 A 5`, `3 b`, `4 as. 7`,
//! `10–12`), then optionally a postcode and town (`, 00100 Helsinki`).
//! A street word without a number (`Mannerheimintie on ruuhkainen`) is not
//! an address.

use super::{Context, Detector, Found, word_after, word_before};
use crate::privacy::Kind;
use regex::Regex;

/// Street words, each with the stem its inflected forms use.
const STREET_WORDS: &[&str] = &[
    "katu",
    "kadu",
    "tie",
    "kuja",
    "polku",
    "polu",
    "väylä",
    "ranta",
    "ranna",
    "rinne",
    "rintee",
    "kaari",
    "kaare",
    "puisto",
    "tori",
    "aukio",
    "raitti",
    "raiti",
    "kaarre",
    "kaartee",
    "piha",
    "portti",
    "porti",
    "reitti",
    "reiti",
    "penger",
    "pengere",
    "laituri",
    "kulma",
    "tanhua",
    "bulevardi",
    "esplanadi",
    "gatan",
    "vägen",
    "gränd",
    "stigen",
    "allén",
    "backen",
    "torget",
];

/// Finds street addresses.
#[derive(Debug)]
pub struct Address {
    re: Regex,
}

impl Address {
    /// Compile the pattern.
    pub fn new() -> Address {
        let words = STREET_WORDS.join("|");
        let ending = "n|lla|llä|lle|lta|ltä|ssa|ssä|sta|stä|ksi|lla|en|een";
        let number = r"[0-9]{1,4}(?:[a-zA-Z](?:[^\p{L}\p{N}]|$))?(?: ?[-–] ?[0-9]{1,4})?";
        let flat = r"(?:,? (?:[A-Ha-h] ?[0-9]{1,3}|[A-Ha-h](?:[^\p{L}\p{N}]|$)|as\. ?[0-9]{1,3}))?";
        let town = r"(?:,? [0-9]{5} \p{Lu}\p{Ll}+)?";
        let re = Regex::new(&format!(
            r"\p{{Lu}}[\p{{L}}\-]*?(?:{words})(?:{ending})? {number}{flat}{town}"
        ))
        .expect("address regex");
        Address { re }
    }
}

impl Default for Address {
    fn default() -> Self {
        Address::new()
    }
}

impl Detector for Address {
    fn kind(&self) -> Kind {
        Kind::Address
    }

    fn find(&self, text: &str, cx: &mut Context<'_, '_>, out: &mut Vec<Found>) {
        if !cx.hints.digit || !cx.hints.upper {
            return;
        }
        for m in self.re.find_iter(text) {
            if word_before(text, m.start()) {
                continue;
            }
            // The letter alternatives may have taken one byte past the
            // address (a space or a comma): give it back.
            let mut end = m.end();
            let s = m.as_str();
            if s.ends_with(|c: char| !c.is_alphanumeric()) {
                end -= s.chars().next_back().map_or(0, char::len_utf8);
            }
            if word_after(text, end) {
                continue;
            }
            let addr = &text[m.start()..end];
            // The key leaves out the postcode and town.
            let street = addr.split(", ").next().unwrap_or(addr);
            out.push(Found {
                start: m.start(),
                end,
                kind: Kind::Address,
                key: street
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .to_lowercase(),
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::privacy::detect::found_by;

    fn find(text: &str) -> Vec<String> {
        found_by(&Address::new(), text)
            .into_iter()
            .map(|f| f.0)
            .collect()
    }

    #[test]
    fn addresses_with_numbers() {
        for (text, want) in [
            (
                "asun Mannerheimintie 12 A 5, 00100 Helsinki.",
                "Mannerheimintie 12 A 5, 00100 Helsinki",
            ),
            ("Kotikatu 3 b on lähellä", "Kotikatu 3 b"),
            ("osoite: Rantapolku 7", "Rantapolku 7"),
            ("muutin Kotikadulle 14 viime vuonna", "Kotikadulle 14"),
            ("Kalevankatu 10–12, toimisto", "Kalevankatu 10–12"),
            ("Koivukuja 4 as. 7", "Koivukuja 4 as. 7"),
            ("Storgatan 5", "Storgatan 5"),
            ("Länsiväylä 22.", "Länsiväylä 22"),
        ] {
            assert_eq!(find(text), [want], "in {text:?}");
        }
    }

    #[test]
    fn street_words_without_numbers_and_other_words() {
        for text in [
            "Mannerheimintie on ruuhkainen",
            "tie 5 kilometriä",
            "Ranta 3",
            "kotikatu 3",
            "Vuosi 2025 oli hyvä",
            "Tieto 24.12.2025",
        ] {
            assert!(find(text).is_empty(), "{text:?}: {:?}", find(text));
        }
    }
}
