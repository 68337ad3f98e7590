//! From Voikko's analyses to a Universal Dependencies lemma: map each
//! alternative to UD's conventions (participles and agent forms to the
//! verb, negation verb `ei`, comparatives to the positive, proper nouns in
//! lower case), read compound parts from the analysis, and choose among
//! the alternatives with rules that say which reading is the usual one.

use super::lemmatizer::Lemma;

/// One of Voikko's analyses of a word form (the keys teema reads).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Analysis {
    /// BASEFORM: the dictionary form.
    pub baseform: String,
    /// CLASS: nimisana, teonsana, laatusana, …
    pub class: String,
    /// PARTICIPLE: past_active, past_passive, present_active, agent, …
    pub participle: String,
    /// COMPARISON: positive, comparative, superlative.
    pub comparison: String,
    /// FSTOUTPUT: the transducer's tagged output.
    pub fst: String,
    /// SIJAMUOTO: the case (nimento, omanto, kerrontosti, keinonto, …).
    pub case: String,
    /// MOOD: indicative, conditional, MA-infinitive, MINEN-infinitive, …
    pub mood: String,
}

/// UD part of speech for a Voikko class.
pub fn upos_of(class: &str) -> Option<&'static str> {
    Some(match class {
        "nimisana" | "lyhenne" => "NOUN",
        "laatusana" | "nimisana_laatusana" => "ADJ",
        "teonsana" => "VERB",
        "seikkasana" => "ADV",
        "asemosana" => "PRON",
        "suhdesana" => "ADP",
        "huudahdussana" => "INTJ",
        "sidesana" => "CCONJ",
        "lukusana" => "NUM",
        "kieltosana" => "AUX",
        "etunimi" | "sukunimi" | "paikannimi" | "nimi" => "PROPN",
        "etuliite" => "X",
        _ => return None,
    })
}

/// The compound segments of an FSTOUTPUT (split at `[Bc]`).
fn segments(fst: &str) -> impl Iterator<Item = &str> {
    fst.split("[Bc]")
}

/// The base of a segment: the text of its first `[Xp]…[X]`.
fn segment_base(seg: &str) -> Option<&str> {
    let i = seg.find("[Xp]")? + 4;
    let j = seg[i..].find("[X]")? + i;
    Some(&seg[i..j])
}

/// The surface text of a segment: what is outside tags and outside the
/// `[X?]…[X]` base fields.
fn segment_surface(seg: &str, out: &mut String) {
    let mut rest = seg;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find(']') else {
            return;
        };
        let tag = &rest[open..open + close + 1];
        rest = &rest[open + close + 1..];
        if tag.starts_with("[X") && tag != "[X]" {
            // A base field: skip to its closing [X].
            match rest.find("[X]") {
                Some(end) => rest = &rest[end + 3..],
                None => return,
            }
        }
    }
    out.push_str(rest);
}

/// Compound parts of an analysis as lemmas, and the lemma of the last
/// part (UD lemma of a compound = the surface of its first parts + the
/// lemma of the last part). Empty for a simple word.
pub fn compound_parts(a: &Analysis, lemma: &str) -> Vec<String> {
    let segs: Vec<&str> = segments(&a.fst).collect();
    if segs.len() < 2 {
        return Vec::new();
    }
    let mut parts = Vec::with_capacity(segs.len());
    let mut prefix = String::new();
    for seg in &segs[..segs.len() - 1] {
        let before = prefix.len();
        segment_surface(seg, &mut prefix);
        let surface = prefix[before..].trim_end_matches('-').to_lowercase();
        let part = match segment_base(seg) {
            Some(base) if !base.is_empty() => base.replace('=', "").to_lowercase(),
            _ => surface,
        };
        if !part.is_empty() {
            parts.push(part);
        }
    }
    let prefix = prefix.to_lowercase();
    match lemma.strip_prefix(prefix.as_str()) {
        Some(last) if !last.is_empty() => parts.push(last.trim_start_matches('-').to_string()),
        _ => {
            // Voikko's lemma does not start with the parts' surface (a
            // gradated or joined form): the last segment's own base.
            match segs.last().and_then(|s| segment_base(s)) {
                Some(base) => parts.push(base.replace('=', "").to_lowercase()),
                None => return Vec::new(),
            }
        }
    }
    parts
}

/// The verb a participle or agent form comes from, with its verb-to-verb
/// derivations (ilmoittautunut → ilmoittautua, not the root ilmoittaa):
/// the last segment's surface before the last derivation `[Xj]…[X]` that
/// precedes the participle tag, plus that derivation's base.
fn verb_of(a: &Analysis) -> Option<String> {
    let last = segments(&a.fst).last()?;
    if !last.starts_with("[Lt]") {
        return None;
    }
    let verb_part = match (last.find("[Ll]"), last.find("[Ln]")) {
        (Some(i), Some(j)) => &last[..i.min(j)],
        (Some(i), None) | (None, Some(i)) => &last[..i],
        (None, None) => last,
    };
    if let Some(j) = verb_part.rfind("[Xj]") {
        let rest = &verb_part[j + 4..];
        if let Some(end) = rest.find("[X]") {
            let mut verb = String::new();
            segment_surface(&verb_part[..j], &mut verb);
            verb.push_str(&rest[..end]);
            return Some(verb.replace('=', "").to_lowercase());
        }
    }
    segment_base(last).map(|b| b.replace('=', "").to_lowercase())
}

/// UD lemmas of personal and demonstrative pronouns: the plural is a
/// form of the singular (me → minä, ne → se).
fn pronoun(base: &str) -> &str {
    match base {
        "me" => "minä",
        "te" => "sinä",
        "he" => "hän",
        "ne" => "se",
        "nämä" => "tämä",
        "nuo" => "tuo",
        other => other,
    }
}

/// The word form without a clitic the analysis shows (`[Fkin][Ef]kin`).
fn without_clitic<'w>(lower: &'w str, a: &Analysis) -> &'w str {
    let Some(i) = a.fst.rfind("[F") else {
        return lower;
    };
    let mut clitic = String::new();
    segment_surface(&a.fst[i..], &mut clitic);
    lower.strip_suffix(clitic.as_str()).unwrap_or(lower)
}

/// The -minen noun of a fourth-infinitive verb form (muuttamisesta →
/// muuttaminen), from the form's own letters.
fn minen_noun(lower: &str) -> Option<String> {
    let i = lower.rfind("mis").or_else(|| lower.rfind("min"))?;
    Some(format!("{}minen", &lower[..i]))
}

/// The UD lemma of one analysis of the (lower-case) form `lower`.
pub fn ud_lemma(lower: &str, a: &Analysis) -> String {
    if a.class == "kieltosana" {
        return "ei".to_string();
    }
    if recurring_time(lower, a) {
        return without_clitic(lower, a).to_string();
    }
    let base = a.baseform.to_lowercase();
    if a.mood == "MINEN-infinitive"
        && let Some(noun) = minen_noun(lower)
    {
        return noun;
    }
    match a.class.as_str() {
        "asemosana" => return pronoun(&base).to_string(),
        // Adverbs are their own lemma in UD (sieltä, sinne, edelleen).
        "seikkasana" => return without_clitic(lower, a).to_string(),
        "laatusana" | "nimisana_laatusana"
            // -sti adverbs and instructive adverbs (nopeasti, myöhemmin,
            // kovin) are adverbs with their own lemma.
            if (a.case == "kerrontosti"
                || (a.case == "keinonto" && a.comparison != "positive" && !a.comparison.is_empty()))
            => {
                return without_clitic(lower, a).to_string();
            }
        _ => {}
    }
    match a.participle.as_str() {
        // Participles are verbs in UD (on tehnyt, on tehty, tekevä,
        // tekemä) except in compounds.
        "past_active" | "past_passive" | "agent" | "present_active" | "present_passive" => {
            if segments(&a.fst).count() == 1
                && let Some(v) = verb_of(a)
            {
                return v;
            }
            base
        }
        _ => base,
    }
}

/// Nouns of a time that recurs: their -isin adverb (aamuisin, iltaisin,
/// viikonloppuisin, keväisin) means "every morning, evening, weekend"
/// and UD lemmatises it as itself.
const RECURRING_TIMES: &[&str] = &[
    "aamu",
    "ilta",
    "yö",
    "päivä",
    "arki",
    "viikonloppu",
    "loma",
    "pyhä",
    "joulu",
    "kesä",
    "talvi",
    "syksy",
    "kevät",
    "maanantai",
    "tiistai",
    "keskiviikko",
    "torstai",
    "perjantai",
    "lauantai",
    "sunnuntai",
];

/// True for Voikko's reading of an adverb of recurring time (iltaisin,
/// viikonloppuisin) when it does not list the adverb: the instructive
/// plural of an -inen adjective made on the fly from a time noun. Left
/// as it is, it loses to any other reading, even a compound with isä
/// (viikonloppuisä); its lemma would be an adjective nobody uses
/// (iltainen).
fn recurring_time(lower: &str, a: &Analysis) -> bool {
    if !(lower.ends_with("isin") && a.fst.contains("[Xj]inen[X]is[Sin][Nm]in")) {
        return false;
    }
    let stem = a.baseform.to_lowercase();
    let stem = stem.strip_suffix("inen").unwrap_or(&stem);
    let last_base = segments(&a.fst).last().and_then(segment_base);
    RECURRING_TIMES
        .iter()
        .any(|t| stem.ends_with(t) || last_base == Some(*t))
}

/// True for a verb's form after a negation verb (en toimi, ei kuulu):
/// Voikko gives it as the second-person imperative, negative or not.
fn connegative(a: &Analysis) -> bool {
    a.class == "teonsana" && a.fst.contains("[Tk][Ap][P2][Ny][Eb]")
}

/// True for a proper noun's analysis (first, last or place name, other name).
pub fn is_proper(a: &Analysis) -> bool {
    matches!(
        a.class.as_str(),
        "etunimi" | "sukunimi" | "paikannimi" | "nimi"
    )
}

/// How usual a reading is, higher is better.
fn score(word: &str, lower: &str, a: &Analysis) -> i32 {
    let mut s = 0;
    let capital = word.chars().next().is_some_and(char::is_uppercase);
    // The only use of the capital: choose depends on nothing else of the
    // word's case (`VoikkoLemmatizer::last_case_free` relies on it).
    if is_proper(a) && !capital {
        s -= 20;
    }
    let segments = segments(&a.fst).count() as i32;
    // The form is itself a dictionary form (kuin, paljon, kertoa, sinä);
    // a pronoun also with a clitic (minäkin is minä, not the essive of
    // mikä; but Kaikin is kaikki, not the name Kai with -kin).
    if segments == 1 && {
        let base = a.baseform.to_lowercase();
        base == lower || (a.class == "asemosana" && base == without_clitic(lower, a))
    } {
        s += 10;
    }
    // Rare readings of written text: second-person imperatives (vierasta
    // as a verb), the instructive second infinitive (puiden as a verb).
    if a.fst.contains("[Tk]") && a.fst.contains("[P2]") {
        s -= 3;
    }
    if a.mood == "E-infinitive" || (a.fst.contains("[P2]") && a.class == "teonsana") {
        s -= 2;
    }
    // A verb's infinitive form beats an agent noun made of it (kertomaan),
    // except the rare instructive (elämän is a noun's genitive).
    if (a.mood == "MA-infinitive" && !a.fst.contains("[Sin]")) || a.mood == "MINEN-infinitive" {
        s += 1;
    }
    // An -inen adjective made on the fly loses to the noun it is made of
    // (muovista: muovi, not muovinen).
    if a.fst.contains("[Xj]inen[X]") {
        s -= 2;
    }
    // The instructive of a name or of an -inen adjective made on the fly
    // is the reading of a conditional verb seen wrongly: Kaipaisin at the
    // start of a sentence is kaivata, not the surname Kaipainen.
    if a.fst.contains("[Sin]") && (is_proper(a) || a.fst.contains("[Xj]inen")) {
        s -= 4;
    }
    if !a.participle.is_empty() {
        s -= 1;
    }
    // Closed classes before open ones when both fit (häntä, sillä, ilman).
    match a.class.as_str() {
        "asemosana" | "sidesana" | "suhdesana" | "kieltosana" => s += 3,
        "seikkasana" => s += 2,
        _ => {}
    }
    // Fewer compound segments: a lexicalised word beats a made-up compound.
    s -= 4 * (segments - 1);
    // An adverb of recurring time Voikko does not list beats every other
    // reading of its form (iltaisin, viikonloppuisin).
    if recurring_time(lower, a) {
        s += 20;
    }
    s
}

/// Choose among Voikko's analyses and give the UD lemma with parts.
pub fn choose(word: &str, analyses: &[Analysis]) -> Option<Lemma> {
    let lower = word.to_lowercase();
    let best = analyses
        .iter()
        .enumerate()
        .max_by_key(|(i, a)| {
            let usual = 3 * i32::from(adjective_of_plural(a, analyses));
            (score(word, &lower, a) + usual, -(*i as i32))
        })?
        .1;
    let lemma = ud_lemma(&lower, best);
    if recurring_time(&lower, best) {
        return Some(Lemma {
            parts: compound_parts(best, &lemma),
            lemma,
            upos: Some("ADV"),
            after_negation: None,
        });
    }
    // Parts: the alternative with the same lemma and the most parts (the
    // analysis with `vertainen` beats the one with the prefix `vertais`).
    let base = best.baseform.to_lowercase();
    let parts = analyses
        .iter()
        .filter(|a| a.baseform.to_lowercase() == base)
        .map(|a| compound_parts(a, &base))
        .max_by_key(|p| (p.len(), p.iter().filter(|x| !x.ends_with('s')).count()))
        .unwrap_or_default();
    // Only a noun or adjective gives way: a pronoun, adverb or particle
    // is what follows a negation verb as often (ei niitä ole, ei juuri
    // koskaan, ei muuta), and a verb is already a verb (ei tutkita).
    let after_negation = matches!(
        best.class.as_str(),
        "nimisana" | "laatusana" | "nimisana_laatusana"
    )
    .then(|| connegative_verb(&lower, analyses))
    .flatten()
    .filter(|verb| *verb != lemma);
    Some(Lemma {
        lemma,
        parts,
        upos: upos_of(&best.class),
        after_negation,
    })
}

/// True for the partitive singular of an -inen adjective made on the fly
/// from a noun in -i that is also that noun's elative plural (monipuolista:
/// monipuolinen, not the plural of monipuoli, nor a made-up moni+puola).
/// Where general Finnish uses the adjective it is by far the usual
/// reading, unlike the singular's (muovista: muovi).
fn adjective_of_plural(a: &Analysis, analyses: &[Analysis]) -> bool {
    if !(a.fst.contains("[Xj]inen[X]")
        && (a.fst.ends_with("[Sp][Ny]sta") || a.fst.ends_with("[Sp][Ny]stä")))
    {
        return false;
    }
    let base = a.baseform.to_lowercase();
    let Some(noun) = base.strip_suffix("nen") else {
        return false;
    };
    // The adjective must be one general Finnish uses often enough for
    // the commonness table (monipuolinen), not one made of any compound
    // noun in -i (sukupolvista is the plural of sukupolvi). A rarer one
    // keeps Voikko's order (tasapuolista: tasapuola).
    noun.ends_with('i')
        && super::commonness::share(&base) > 0.0
        && analyses
            .iter()
            .any(|b| b.fst.contains("[Sela][Nm]") && b.baseform.to_lowercase() == noun)
}

/// The verb a form is right after a negation verb, when one of its
/// readings is a verb's connegative (toimi: toimia in "ei toimi", though
/// the noun elsewhere; usko: uskoa in "en usko").
fn connegative_verb(lower: &str, analyses: &[Analysis]) -> Option<String> {
    analyses
        .iter()
        .find(|a| connegative(a))
        .map(|a| ud_lemma(lower, a))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn analysis(baseform: &str, class: &str, fst: &str) -> Analysis {
        Analysis {
            baseform: baseform.into(),
            class: class.into(),
            fst: fst.into(),
            ..Default::default()
        }
    }

    #[test]
    fn parts_come_from_compound_segments() {
        let a = analysis(
            "kokemusasiantuntija",
            "nimisana",
            "[Ln][Xp]kokemus[X]kokemu[Sn][Ny]s[Bh][Bc][Ln][Xp]asia[X]asia[Sg][Ny]n[Bh][Bc][Lt][Xp]tuntea[X]tunti[Ln][Xj]ja[X][Sg][Nm]joiden",
        );
        assert_eq!(
            compound_parts(&a, "kokemusasiantuntija"),
            ["kokemus", "asia", "tuntija"]
        );
        let b = analysis(
            "aukioloaika",
            "nimisana",
            "[Ln][Xp]auki=olo[X]auki[Bm]olo[Sn][Ny][Bh][Bc][Ln][Xp]aika[X]aik[Sg][Nm]ojen",
        );
        assert_eq!(compound_parts(&b, "aukioloaika"), ["aukiolo", "aika"]);
    }

    #[test]
    fn the_reading_with_word_bases_gives_the_parts() {
        let prefix = analysis(
            "vertaistuki",
            "nimisana",
            "[Lp]vertais[Bh][Bc][Ln][Xp]tuki[X]tuk[Sill][Ny]een",
        );
        let noun = analysis(
            "vertaistuki",
            "nimisana",
            "[Ln][Xp]vertainen[X]vertais[Bh][Bc][Ln][Xp]tuki[X]tuk[Sill][Ny]een",
        );
        let l = choose("vertaistukeen", &[prefix, noun]).unwrap();
        assert_eq!(l.lemma, "vertaistuki");
        assert_eq!(l.parts, ["vertainen", "tuki"]);
    }

    #[test]
    fn a_dictionary_form_with_a_clitic_beats_a_rarer_case_reading() {
        // Voikko lists the essive of mikä (as what) before the pronoun minä.
        let essive = analysis(
            "mikä",
            "asemosana",
            "[Lr][Xp]mikä[X]mi[Ses][Ny]nä[Fkin][Ef]kin",
        );
        let pronoun = analysis(
            "minä",
            "asemosana",
            "[Lr][Xp]minä[X]min[Sn][Ny]ä[Fkin][Ef]kin",
        );
        assert_eq!(choose("minäkin", &[essive, pronoun]).unwrap().lemma, "minä");
        // Only pronouns: Kaikin (kaikin tavoin) at the start of a sentence
        // stays kaikki, not the name Kai with -kin.
        let all = analysis("kaikki", "nimisana", "[Ln][Xp]kaikki[X]kaik[Sin][Nm]in");
        let name = analysis("Kai", "etunimi", "[Lee][Xp]Kai[X]kai[Sn][Ny][Fkin][Ef]kin");
        assert_eq!(choose("Kaikin", &[all, name]).unwrap().lemma, "kaikki");
    }

    #[test]
    fn an_adverb_of_recurring_time_is_its_own_lemma() {
        // Voikko's readings of viikonloppuisin, in its order.
        let adjective = analysis(
            "viikonloppuinen",
            "laatusana",
            "[Ln][Xp]viikko[X]viiko[Sg][Ny]n[Bh][Bc][Ln][Xp]loppu[X]loppu[Ll][Xj]inen[X]is[Sin][Nm]in",
        );
        let father = analysis(
            "viikonloppuisä",
            "nimisana",
            "[Ln][Xp]viikon=loppu=isä[X]viikon[Bm]loppu[Bm]is[Sin][Nm]in",
        );
        let l = choose("Viikonloppuisin", &[adjective.clone(), father.clone()]).unwrap();
        assert_eq!(
            (l.lemma.as_str(), l.upos, l.parts),
            (
                "viikonloppuisin",
                Some("ADV"),
                vec!["viikko".into(), "loppuisin".into()]
            )
        );
        let evening = analysis(
            "iltainen",
            "laatusana",
            "[Ln][Xp]ilta[X]ilta[Ll][Xj]inen[X]is[Sin][Nm]in",
        );
        assert_eq!(choose("iltaisin", &[evening]).unwrap().lemma, "iltaisin");
        // Not a noun that is no time: the instructive of yksinkertainen
        // is no adverb of recurring time.
        let simple = analysis(
            "yksinkertainen",
            "laatusana",
            "[Lp]yksin[Bh][Bc][Ln][Xp]kerta[X]kerta[Ll][Xj]inen[X]is[Sin][Nm]in",
        );
        assert_eq!(
            choose("yksinkertaisin", &[simple]).unwrap().lemma,
            "yksinkertainen"
        );
        assert_eq!(
            choose("viikonloppuisä", &[father]).unwrap().lemma,
            "viikonloppuisä"
        );
    }

    #[test]
    fn the_partitive_of_an_adjective_beats_the_plural_of_its_noun() {
        // Voikko's readings of monipuolista, in its order.
        let made_up = analysis(
            "monipuola",
            "nimisana",
            "[Ln][Xp]moni[X]mon[Sn][Ny]i[Bh][Bc][Ln][Xp]puola[X]puol[Sela][Nm]ista",
        );
        let plural = analysis(
            "monipuoli",
            "nimisana",
            "[Ln][Xp]moni[X]mon[Sn][Ny]i[Bh][Bc][Ln][Xp]puoli[X]puol[Sela][Nm]ista",
        );
        let adjective = analysis(
            "monipuolinen",
            "laatusana",
            "[Ln][Xp]moni[X]mon[Sn][Ny]i[Bh][Bc][Ln][Xp]puoli[X]puol[Ll][Xj]inen[X]i[Sp][Ny]sta",
        );
        let all = [made_up, plural.clone(), adjective.clone()];
        assert_eq!(choose("monipuolista", &all).unwrap().lemma, "monipuolinen");
        // The singular stays the noun's (muovista: muovi).
        let noun = analysis("muovi", "nimisana", "[Ln][Xp]muovi[X]muovi[Sela][Ny]sta");
        let adjective = analysis(
            "muovinen",
            "laatusana",
            "[Ln][Xp]muovi[X]muovi[Ll][Xj]inen[X][Sp][Ny]sta",
        );
        assert_eq!(
            choose("muovista", &[noun, adjective]).unwrap().lemma,
            "muovi"
        );
    }

    #[test]
    fn a_noun_that_is_also_a_connegative_knows_its_verb() {
        let noun = analysis("toimi", "nimisana", "[Ln][Xp]toimi[X]toi[Sn][Ny]mi");
        let past = analysis(
            "toimia",
            "teonsana",
            "[Lt][Xp]toimia[X]toim[Tt][Ai][P3][Ny][Ef]i",
        );
        let imperative = analysis(
            "toimia",
            "teonsana",
            "[Lt][Xp]toimia[X]toimi[Tk][Ap][P2][Ny][Eb]",
        );
        let l = choose("toimi", &[noun.clone(), past, imperative.clone()]).unwrap();
        assert_eq!(l.lemma, "toimi");
        assert_eq!(l.after_negation.as_deref(), Some("toimia"));
        // A pronoun keeps its reading after a negation too (ei niitä ole).
        let pronoun = analysis("ne", "asemosana", "[Lr][Xp]ne[X]ni[Sp][Nm]itä");
        let mow = analysis(
            "niittää",
            "teonsana",
            "[Lt][Xp]niittää[X]niitä[Tk][Ap][P2][Ny][Eb]",
        );
        assert_eq!(
            choose("niitä", &[pronoun, mow]).unwrap().after_negation,
            None
        );
        // Without a connegative reading there is nothing else to be.
        assert_eq!(choose("toimi", &[noun]).unwrap().after_negation, None);
    }

    #[test]
    fn a_conditional_verb_beats_a_name_or_adjective_in_the_instructive() {
        // Voikko lists the surname first for a capitalised Kaipaisin.
        let name = analysis(
            "Kaipainen",
            "sukunimi",
            "[Les][Xp]Kaipainen[X]kaipais[Sin][Nm]in",
        );
        let verb = analysis(
            "kaivata",
            "teonsana",
            "[Lt][Xp]kaivata[X]kaipa[Te][Ap][P1][Ny][Ef]isin",
        );
        assert_eq!(choose("Kaipaisin", &[name, verb]).unwrap().lemma, "kaivata");
        // An -inen adjective made on the fly in the instructive loses too.
        let adjective = analysis(
            "haluinen",
            "laatusana",
            "[Ln][Xp]halu[X]halu[Ll][Xj]inen[X]is[Sin][Nm]in",
        );
        let verb = analysis(
            "haluta",
            "teonsana",
            "[Lt][Xp]haluta[X]halua[Te][Ap][P1][Ny][Ef]isin",
        );
        assert_eq!(
            choose("haluisin", &[adjective, verb]).unwrap().lemma,
            "haluta"
        );
    }

    #[test]
    fn participles_go_to_the_verb_and_negation_to_ei() {
        let mut a = analysis(
            "tehnyt",
            "laatusana",
            "[Lt][Xp]tehdä[X]teh[Ll][Ru]n[Xj]yt[X][Sn][Nm]eet",
        );
        a.participle = "past_active".into();
        assert_eq!(ud_lemma("tehneet", &a), "tehdä");
        let mut d = analysis(
            "ilmoittautunut",
            "laatusana",
            "[Lt][Xp]ilmoittaa[X]ilmoittau[Xj]tua[X]tu[Ll][Ru]n[Xj]ut[X][Sn][Ny]ut",
        );
        d.participle = "past_active".into();
        assert_eq!(ud_lemma("ilmoittautunut", &d), "ilmoittautua");
        assert_eq!(
            ud_lemma(
                "en",
                &analysis("ei", "kieltosana", "[Lk][Tt][Xp]ei[X]e[P1][Ny]n")
            ),
            "ei"
        );
    }
}
