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

/// Road classes followed by a road number (`Valtatie 7`), and towns that end
/// in a street word (`Lappeenranta 26`): not addresses.
const NOT_STREETS: &[&str] = &[
    "valtatie",
    "kantatie",
    "seututie",
    "maantie",
    "yhdystie",
    "moottoritie",
    "kehätie",
    "lappeenranta",
];

impl Address {
    /// Compile the pattern.
    pub fn new() -> Address {
        let words = STREET_WORDS.join("|");
        // Basic form or a local case (`asun Kotikadulla 3`); the genitive
        // (`Senaatintorin 16 000 ihmistä`) is left out.
        let ending = "lla|llä|lle|lta|ltä|ssa|ssä|sta|stä";
        let number = r"(?P<no>[1-9][0-9]{0,2})(?:[a-zA-Z](?:[^\p{L}\p{N}]|$))?(?: ?[-–] ?(?P<to>[1-9][0-9]{0,2}))?";
        let flat = r"(?:,? (?:[A-Ha-h] ?[0-9]{1,3}|[A-Ha-h](?:[^\p{L}\p{N}]|$)|as\. ?[0-9]{1,3}))?";
        let town = r"(?:,? [0-9]{5} \p{Lu}\p{Ll}+)?";
        let re = Regex::new(&format!(
            r"(?P<street>\p{{Lu}}[\p{{L}}\-]{{2,}}?(?:{words}))(?:{ending})? {number}{flat}{town}"
        ))
        .expect("address regex");
        Address { re }
    }
}

/// Words that end in a street word but are something else: -tori after
/// other letters than n, s, a (`moottori`, `sektori`, `kirpputori`, but
/// `Senaatintori`, `Kansalaistori`, `Kauppatori`), and -kuja after a short
/// stem (`kaikuja`, the partitive plural of `kaiku`).
fn street_like(street: &str) -> bool {
    if let Some(stem) = street.strip_suffix("tori") {
        return stem.ends_with(['n', 's', 'a']) && !stem.ends_with("kirppu");
    }
    if let Some(stem) = street.strip_suffix("kuja") {
        return stem.chars().count() >= 4;
    }
    true
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
        for c in self.re.captures_iter(text) {
            let m = c.get(0).expect("whole match");
            if word_before(text, m.start()) {
                continue;
            }
            let street = c["street"].to_lowercase();
            if NOT_STREETS.iter().any(|n| street.ends_with(n)) || !street_like(&street) {
                continue;
            }
            // 10–12 is a range of houses; 7–2 is a score.
            if let Some(to) = c.name("to") {
                let from: u32 = c["no"].parse().unwrap_or(0);
                if to.as_str().parse::<u32>().unwrap_or(0) <= from {
                    continue;
                }
            }
            // The letter alternatives may have taken one byte past the
            // address (a space or a comma): give it back.
            let mut end = m.end();
            let s = m.as_str();
            if s.ends_with(|c: char| !c.is_alphanumeric()) {
                end -= s.chars().next_back().map_or(0, char::len_utf8);
            }
            let rest = text[end..].trim_start_matches(' ');
            let dash_digit = rest.starts_with(['-', '–'])
                && rest[rest.chars().next().map_or(0, char::len_utf8)..]
                    .trim_start_matches(' ')
                    .starts_with(|c: char| c.is_ascii_digit());
            // `Kansalaistorilla 31. joulukuuta`, `11.–12. kesäkuuta`: a date.
            let ordinal = rest.strip_prefix('.').is_some_and(|r| {
                r.trim_start_matches(' ').starts_with(|c: char| {
                    c.is_lowercase() || c.is_ascii_digit() || c == '–' || c == '-'
                })
            });
            if word_after(text, end) || dash_digit || ordinal {
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
            ("Kauppatori 1", "Kauppatori 1"),
            ("Senaatintorilla 3", "Senaatintorilla 3"),
            ("Länsiväylä 22.", "Länsiväylä 22"),
            ("Asun Koivutie 2. Tervetuloa", "Koivutie 2"),
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
            "Lappeenranta 26",
            "Valtatie 7 suljettiin",
            "Valtatiellä 4 sattui",
            "Jaubertie 2018",
            "Senaatintorin 16 000 ihmistä",
            "Sportin 7-2 voitto",
            "Nordenskiöldinkadulla 4–0",
            "Kotikatu 012",
            "Kansalaistorilla 31. joulukuuta",
            "Kultarannassa 11.–12. kesäkuuta",
            "Kaikuja 60 vuoden takaa",
            "Gladiaattori 2",
            "Kirpputorilta 35 eurolla",
            "Murskaraportti 737",
            "Tallinna-reitille 7",
        ] {
            assert!(find(text).is_empty(), "{text:?}: {:?}", find(text));
        }
    }
}
