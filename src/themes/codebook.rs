//! Codebooks: a TOML file of themes, each with a name, a description, a
//! rule over lemmas and compound parts, and subthemes; the rule language;
//! and the matcher that codes an answer and keeps the matched spans.
//!
//! ```toml
//! [[theme]]
//! name = "vertaistuki"
//! description = "Peer support: others in the same situation."
//! rule = 'vertais* OR kokemusasiantuntija OR "samassa tilanteessa"'
//!
//!   [[theme.subtheme]]
//!   name = "vertaistuki.ryhmat"
//!   rule = 'vertais* NEAR/3 ryhmä'
//! ```
//!
//! Rule language (operators in capitals, terms case-insensitive):
//! - `sana`: the lemma, a compound part, or the written form (`tuki`
//!   matches vertaistukea through its part `tuki`);
//! - `vertais*`: a prefix of the lemma, a part or the written form;
//! - `~vertaistuki`: the word, and the words of the data nearest to it in
//!   meaning (teema's Finnish word vectors: at most
//!   [`crate::meaning::NEIGHBOURS`] lemmas of the coded answers with cosine
//!   similarity [`crate::meaning::MIN_SIMILARITY`] or more; `teema similar
//!   vertaistuki DATA` lists them), so a rule also finds paraphrases such as
//!   vertaisryhmä or kokemusasiantuntija;
//! - `"viikonloppu auki"`: a phrase, consecutive words (each may be a prefix);
//! - `a NEAR/5 b`: both within 5 words of each other (terms and phrases);
//! - `a AND b`, `a OR b`, `NOT a`, parentheses. NOT binds tightest, then
//!   NEAR, AND, OR.
//!
//! A rule nests at most [`MAX_RULE_DEPTH`] levels deep (parentheses, NOT,
//! NEAR and the AND/OR levels between them), so parsing and matching never
//! run out of stack; a rule may have any number of terms.
//!
//! A subtheme's answers count for its parent too (a parent without a rule
//! is the union of its subthemes).

use super::features::{Analysed, Tok};
use crate::corpus::lines::LineIndex;
use crate::text::{Analyzer, Register};
use crate::{Error, Result};
use serde::Deserialize;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A parsed, checked codebook.
#[derive(Debug, Clone)]
pub struct Codebook {
    /// The file it came from.
    pub path: PathBuf,
    /// Themes in file order, each parent before its subthemes.
    pub themes: Vec<CodebookTheme>,
}

/// One theme of a codebook.
#[derive(Debug, Clone)]
pub struct CodebookTheme {
    /// Unique name (the theme id).
    pub name: String,
    /// Description for the report.
    pub description: Option<String>,
    /// The parent's index in [`Codebook::themes`], for subthemes.
    pub parent: Option<usize>,
    /// The rule, if any (a parent may have none).
    pub rule: Option<Rule>,
    /// The rule as written.
    pub rule_text: Option<String>,
    /// Line of the theme's rule (or name) in the file.
    pub line: u64,
}

/// A compiled rule.
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    /// One word (with its lemma as the analyser gives it) or a prefix.
    Term(Term),
    /// Consecutive words.
    Phrase(Vec<Term>),
    /// Both sides within `n` words.
    Near(Box<Rule>, Box<Rule>, usize),
    /// All of them (two or more; `a AND b AND c` is one node, so a long
    /// rule is a wide tree, not a deep one).
    And(Vec<Rule>),
    /// Any of them (two or more, as for `And`).
    Or(Vec<Rule>),
    /// Not.
    Not(Box<Rule>),
}

/// A word of a rule.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    /// The word as written, lower case (without `*`).
    pub word: String,
    /// Its lemma by the analyser (may equal `word`).
    pub lemma: String,
    /// `vertais*`: a prefix.
    pub prefix: bool,
    /// `~vertaistuki`: also the words of the data nearest in meaning.
    pub similar: bool,
    /// For a `~` term, those words (lemmas, sorted), filled in by
    /// [`Codebook::expand_similar`] once the data is known.
    pub neighbours: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    theme: Vec<RawTheme>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTheme {
    name: toml::Spanned<String>,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    rule: Option<toml::Spanned<String>>,
    #[serde(default)]
    subtheme: Vec<RawTheme>,
}

impl Codebook {
    /// Read and check a codebook file; errors name the file and line.
    pub fn load(path: &Path, analyzer: &Analyzer) -> Result<Codebook> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Self::parse(&text, path, analyzer)
    }

    /// Parse codebook `text` (from `path`, for messages).
    pub fn parse(text: &str, path: &Path, analyzer: &Analyzer) -> Result<Codebook> {
        let lines = LineIndex::new(text);
        let raw: RawFile = toml::from_str(text).map_err(|e| {
            let line = e.span().map_or(0, |s| lines.line(s.start));
            Error::parse(path, line, format!("not a valid codebook: {}", e.message()))
        })?;
        if raw.theme.is_empty() {
            return Err(Error::parse(
                path,
                1,
                "no themes: add [[theme]] tables with name and rule",
            ));
        }
        let mut session = analyzer.session();
        let mut themes = Vec::new();
        // The themes read so far: name -> index in `themes`.
        let mut names: HashMap<String, usize> = HashMap::new();
        /// What every theme is checked against.
        struct File<'a> {
            text: &'a str,
            lines: &'a LineIndex,
            path: &'a Path,
        }
        fn add(
            raw: &RawTheme,
            parent: Option<usize>,
            file: &File<'_>,
            themes: &mut Vec<CodebookTheme>,
            names: &mut HashMap<String, usize>,
            session: &mut crate::text::Session<'_>,
        ) -> Result<()> {
            let File { text, lines, path } = *file;
            let name = raw.name.get_ref().trim().to_string();
            let name_line = lines.line(raw.name.span().start);
            if name.is_empty() {
                return Err(Error::parse(path, name_line, "a theme has an empty name"));
            }
            if let Some(&other) = names.get(&name) {
                return Err(Error::parse(
                    path,
                    name_line,
                    format!(
                        "theme '{name}' is already defined at line {}",
                        themes[other].line
                    ),
                ));
            }
            let (rule, rule_text, line) = match &raw.rule {
                Some(r) => {
                    // Skip the opening quotes (and the newline right after
                    // ''' or """); exact for rules without escapes.
                    let raw_start = r.span().start;
                    let rest = &text[raw_start..];
                    let base = if rest.starts_with("'''") || rest.starts_with("\"\"\"") {
                        let after = raw_start + 3;
                        match &text[after..] {
                            t if t.starts_with("\r\n") => after + 2,
                            t if t.starts_with('\n') => after + 1,
                            _ => after,
                        }
                    } else {
                        raw_start + 1
                    };
                    let rule = parse_rule(r.get_ref(), session).map_err(|(off, msg)| {
                        Error::parse(
                            path,
                            lines.line(base + off),
                            format!("theme '{name}': {msg}"),
                        )
                    })?;
                    (
                        Some(rule),
                        Some(r.get_ref().clone()),
                        lines.line(r.span().start),
                    )
                }
                None => (None, None, name_line),
            };
            if rule.is_none() && raw.subtheme.is_empty() {
                return Err(Error::parse(
                    path,
                    name_line,
                    format!("theme '{name}' has neither a rule nor subthemes"),
                ));
            }
            let index = themes.len();
            names.insert(name.clone(), index);
            themes.push(CodebookTheme {
                name,
                description: raw.description.clone(),
                parent,
                rule,
                rule_text,
                line,
            });
            for sub in &raw.subtheme {
                add(sub, Some(index), file, themes, names, session)?;
            }
            Ok(())
        }
        let file = File {
            text,
            lines: &lines,
            path,
        };
        for t in &raw.theme {
            add(t, None, &file, &mut themes, &mut names, &mut session)?;
        }
        Ok(Codebook {
            path: path.to_path_buf(),
            themes,
        })
    }
}

impl Codebook {
    /// True when some rule has a `~word`.
    pub fn has_similar_terms(&self) -> bool {
        let mut any = false;
        for t in &self.themes {
            if let Some(r) = &t.rule {
                visit_terms(r, &mut |term| any |= term.similar);
            }
        }
        any
    }

    /// Fill in the neighbours of every `~word`: `neighbours(lemma)` gives the
    /// words of the data nearest in meaning to the term's lemma.
    pub fn expand_similar(&mut self, neighbours: &mut impl FnMut(&str) -> Vec<String>) {
        for t in &mut self.themes {
            if let Some(r) = &mut t.rule {
                visit_terms_mut(r, &mut |term| {
                    if term.similar {
                        let mut words = neighbours(&term.lemma);
                        words.sort_unstable();
                        words.dedup();
                        term.neighbours = words;
                    }
                });
            }
        }
    }
}

/// Call `f` with every term of a rule.
fn visit_terms(rule: &Rule, f: &mut impl FnMut(&Term)) {
    match rule {
        Rule::Term(t) => f(t),
        Rule::Phrase(ts) => ts.iter().for_each(f),
        Rule::Near(a, b, _) => {
            visit_terms(a, f);
            visit_terms(b, f);
        }
        Rule::And(rules) | Rule::Or(rules) => rules.iter().for_each(|r| visit_terms(r, f)),
        Rule::Not(a) => visit_terms(a, f),
    }
}

/// Call `f` with every term of a rule, to change it.
fn visit_terms_mut(rule: &mut Rule, f: &mut impl FnMut(&mut Term)) {
    match rule {
        Rule::Term(t) => f(t),
        Rule::Phrase(ts) => ts.iter_mut().for_each(f),
        Rule::Near(a, b, _) => {
            visit_terms_mut(a, f);
            visit_terms_mut(b, f);
        }
        Rule::And(rules) | Rule::Or(rules) => rules.iter_mut().for_each(|r| visit_terms_mut(r, f)),
        Rule::Not(a) => visit_terms_mut(a, f),
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Lex {
    Word(String, bool),
    /// `~word`.
    Similar(String),
    Phrase(Vec<(String, bool)>),
    And,
    Or,
    Not,
    Near(usize),
    Open,
    Close,
}

fn lex(rule: &str) -> std::result::Result<Vec<(usize, Lex)>, (usize, String)> {
    let mut out = Vec::new();
    let b = rule.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = rule[i..].chars().next().unwrap_or(' ');
        if c.is_whitespace() {
            i += c.len_utf8();
            continue;
        }
        match c {
            '(' => {
                out.push((i, Lex::Open));
                i += 1;
            }
            ')' => {
                out.push((i, Lex::Close));
                i += 1;
            }
            '"' => {
                let end = rule[i + 1..]
                    .find('"')
                    .ok_or((i, "a phrase is not closed: add the closing \"".to_string()))?;
                let inner = &rule[i + 1..i + 1 + end];
                let words: Vec<(String, bool)> = inner
                    .split_whitespace()
                    .map(|w| {
                        let prefix = w.ends_with('*');
                        (w.trim_end_matches('*').to_lowercase(), prefix)
                    })
                    .collect();
                if words.is_empty() || words.iter().any(|(w, _)| w.is_empty()) {
                    return Err((i, "an empty phrase or word".into()));
                }
                out.push((i, Lex::Phrase(words)));
                i += end + 2;
            }
            _ => {
                let start = i;
                while i < b.len() {
                    let c = rule[i..].chars().next().unwrap_or(' ');
                    if c.is_whitespace() || c == '(' || c == ')' || c == '"' {
                        break;
                    }
                    i += c.len_utf8();
                }
                let word = &rule[start..i];
                let tok = match word {
                    "AND" => Lex::And,
                    "OR" => Lex::Or,
                    "NOT" => Lex::Not,
                    w if w.starts_with("NEAR/") => {
                        let n = w[5..].parse::<usize>().ok().filter(|&n| n >= 1).ok_or((
                            start,
                            format!("'{w}': write NEAR/n with a distance n ≥ 1, e.g. NEAR/5"),
                        ))?;
                        Lex::Near(n)
                    }
                    "NEAR" => {
                        return Err((start, "write NEAR/n with a distance, e.g. NEAR/5".into()));
                    }
                    w => {
                        let similar = w.starts_with('~');
                        let core = w.strip_prefix('~').unwrap_or(w);
                        let prefix = core.ends_with('*');
                        let core = core.trim_end_matches('*');
                        if similar && prefix {
                            return Err((
                                start,
                                format!(
                                    "'{w}': a ~word brings its neighbours in meaning; it cannot \
                                     be a prefix too (write ~{core} or {core}*)"
                                ),
                            ));
                        }
                        if core.is_empty() || core.contains('*') {
                            return Err((
                                start,
                                format!("'{w}': '*' is allowed only at the end of a word"),
                            ));
                        }
                        if !core
                            .chars()
                            .all(|c| c.is_alphanumeric() || c == '-' || c == ':')
                        {
                            return Err((start, format!("'{w}': unexpected character in a word")));
                        }
                        if similar {
                            Lex::Similar(core.to_lowercase())
                        } else {
                            Lex::Word(core.to_lowercase(), prefix)
                        }
                    }
                };
                out.push((start, tok));
            }
        }
    }
    Ok(out)
}

/// How deeply a rule may nest: parentheses, NOT, NEAR and the AND/OR
/// levels between them each count. Far beyond any rule a person writes, and
/// shallow enough that parsing, matching and dropping a rule never run out
/// of stack (a rule may still have any number of terms side by side).
pub const MAX_RULE_DEPTH: usize = 64;

struct Parser<'a, 's> {
    toks: Vec<(usize, Lex)>,
    pos: usize,
    len: usize,
    /// Open parentheses and NOTs around the current position.
    nesting: usize,
    session: &'a mut crate::text::Session<'s>,
}

type PResult<T> = std::result::Result<T, (usize, String)>;

/// A parsed rule and the height of its tree (a term is 1).
type Node = (Rule, usize);

/// The error for a rule nested deeper than [`MAX_RULE_DEPTH`].
fn too_deep(at: usize) -> (usize, String) {
    (
        at,
        format!(
            "the rule nests more than {MAX_RULE_DEPTH} levels deep (parentheses, NOT, NEAR): \
             write it as several themes or subthemes, or as a flat list of OR terms"
        ),
    )
}

impl Parser<'_, '_> {
    fn at(&self) -> usize {
        self.toks.get(self.pos).map_or(self.len, |t| t.0)
    }
    fn peek(&self) -> Option<&Lex> {
        self.toks.get(self.pos).map(|t| &t.1)
    }
    /// `rule` of height `height`, or the error when that is too deep.
    fn node(&self, rule: Rule, height: usize, at: usize) -> PResult<Node> {
        if height > MAX_RULE_DEPTH {
            return Err(too_deep(at));
        }
        Ok((rule, height))
    }
    /// Enter a parenthesis or a NOT (the parser recurses there).
    fn enter(&mut self, at: usize) -> PResult<()> {
        self.nesting += 1;
        if self.nesting > MAX_RULE_DEPTH {
            return Err(too_deep(at));
        }
        Ok(())
    }
    fn term(&mut self, word: &str, prefix: bool) -> Term {
        let mut lemma = word.to_string();
        if !prefix {
            let toks = self.session.tokens(word, Register::Written);
            if toks.len() == 1 {
                lemma = toks[0].lemma.clone();
            }
        }
        Term {
            word: word.to_string(),
            lemma,
            prefix,
            similar: false,
            neighbours: Vec::new(),
        }
    }
    fn or(&mut self) -> PResult<Node> {
        let at = self.at();
        let (first, mut height) = self.and()?;
        if self.peek() != Some(&Lex::Or) {
            return Ok((first, height));
        }
        let mut all = vec![first];
        while self.peek() == Some(&Lex::Or) {
            self.pos += 1;
            let (right, h) = self.and()?;
            all.push(right);
            height = height.max(h);
        }
        self.node(Rule::Or(all), height + 1, at)
    }
    fn and(&mut self) -> PResult<Node> {
        let at = self.at();
        let (first, mut height) = self.near()?;
        let mut all = vec![first];
        loop {
            match self.peek() {
                Some(Lex::And) => {
                    self.pos += 1;
                    let (right, h) = self.near()?;
                    all.push(right);
                    height = height.max(h);
                }
                Some(Lex::Word(..)) | Some(Lex::Phrase(_)) | Some(Lex::Open) | Some(Lex::Not) => {
                    return Err((
                        self.at(),
                        "two terms without an operator: join them with OR, AND or NEAR/n, or quote a phrase"
                            .into(),
                    ));
                }
                _ => break,
            }
        }
        if all.len() == 1 {
            let only = all.pop().expect("one operand");
            return Ok((only, height));
        }
        self.node(Rule::And(all), height + 1, at)
    }
    fn near(&mut self) -> PResult<Node> {
        let (mut left, mut height) = self.not()?;
        while let Some(&Lex::Near(n)) = self.peek() {
            let at = self.at();
            self.pos += 1;
            let (right, h) = self.not()?;
            for side in [&left, &right] {
                if !positional(side) {
                    return Err((
                        at,
                        "NEAR/n joins words, phrases or OR groups of them, not AND/NOT groups"
                            .into(),
                    ));
                }
            }
            (left, height) = self.node(
                Rule::Near(Box::new(left), Box::new(right), n),
                height.max(h) + 1,
                at,
            )?;
        }
        Ok((left, height))
    }
    fn not(&mut self) -> PResult<Node> {
        if self.peek() == Some(&Lex::Not) {
            let at = self.at();
            self.enter(at)?;
            self.pos += 1;
            let (inner, h) = self.not()?;
            self.nesting -= 1;
            return self.node(Rule::Not(Box::new(inner)), h + 1, at);
        }
        self.atom()
    }
    fn atom(&mut self) -> PResult<Node> {
        let at = self.at();
        match self.toks.get(self.pos).map(|t| t.1.clone()) {
            Some(Lex::Word(w, p)) => {
                self.pos += 1;
                Ok((Rule::Term(self.term(&w, p)), 1))
            }
            Some(Lex::Similar(w)) => {
                self.pos += 1;
                let mut term = self.term(&w, false);
                term.similar = true;
                Ok((Rule::Term(term), 1))
            }
            Some(Lex::Phrase(words)) => {
                self.pos += 1;
                let terms: Vec<Term> = words.iter().map(|(w, p)| self.term(w, *p)).collect();
                Ok((
                    if terms.len() == 1 {
                        Rule::Term(terms.into_iter().next().expect("one term"))
                    } else {
                        Rule::Phrase(terms)
                    },
                    1,
                ))
            }
            Some(Lex::Open) => {
                self.enter(at)?;
                self.pos += 1;
                let inner = self.or()?;
                if self.peek() != Some(&Lex::Close) {
                    return Err((self.at(), "a '(' is not closed: add ')'".into()));
                }
                self.pos += 1;
                self.nesting -= 1;
                Ok(inner)
            }
            Some(Lex::Close) => Err((at, "')' without a matching '('".into())),
            Some(other) => Err((
                at,
                format!(
                    "expected a word, a phrase or '(' but found {}",
                    name(&other)
                ),
            )),
            None => Err((
                at,
                "the rule ends where a word, a phrase or '(' was expected".into(),
            )),
        }
    }
}

/// True for rules that match at positions: terms, phrases, NEAR, and OR
/// groups of those.
fn positional(r: &Rule) -> bool {
    match r {
        Rule::Term(_) | Rule::Phrase(_) | Rule::Near(..) => true,
        Rule::Or(all) => all.iter().all(positional),
        _ => false,
    }
}

fn name(l: &Lex) -> &'static str {
    match l {
        Lex::And => "AND",
        Lex::Or => "OR",
        Lex::Not => "NOT",
        Lex::Near(_) => "NEAR/n",
        Lex::Open => "'('",
        Lex::Close => "')'",
        Lex::Word(..) | Lex::Similar(_) => "a word",
        Lex::Phrase(_) => "a phrase",
    }
}

/// Parse a rule; errors carry the byte offset in the rule and a message.
pub fn parse_rule(rule: &str, session: &mut crate::text::Session<'_>) -> PResult<Rule> {
    let toks = lex(rule)?;
    if toks.is_empty() {
        return Err((0, "the rule is empty".into()));
    }
    let mut p = Parser {
        toks,
        pos: 0,
        len: rule.trim_end().len(),
        nesting: 0,
        session,
    };
    let (r, _) = p.or()?;
    if p.pos < p.toks.len() {
        let what = name(&p.toks[p.pos].1);
        return Err((p.at(), format!("unexpected {what}")));
    }
    Ok(r)
}

/// A unit's tokens as the matcher sees them.
pub struct UnitView<'a> {
    /// Analysed corpus.
    pub analysed: &'a Analysed,
    /// The unit's index in `analysed`.
    pub unit: usize,
    /// The unit's text.
    pub text: &'a str,
}

impl UnitView<'_> {
    fn toks(&self) -> &[Tok] {
        self.analysed.unit(self.unit)
    }
    fn term_matches(&self, t: &Tok, term: &Term) -> bool {
        let v = &self.analysed.vocab;
        let lemma = v.term(t.lemma);
        let test = |s: &str| {
            if term.prefix {
                s.starts_with(term.word.as_str())
            } else {
                s == term.word
                    || s == term.lemma
                    || term
                        .neighbours
                        .binary_search_by(|n| n.as_str().cmp(s))
                        .is_ok()
            }
        };
        if test(lemma)
            || self
                .analysed
                .parts_of(self.unit, t)
                .iter()
                .any(|&p| test(v.term(p)))
        {
            return true;
        }
        let surface = &self.text[t.start as usize..t.end as usize];
        if surface.chars().any(|c| c.is_uppercase()) {
            test(&surface.to_lowercase())
        } else {
            test(surface)
        }
    }
    /// Occurrences (first token, last token) of a term, phrase or NEAR.
    fn occurrences(&self, rule: &Rule) -> Vec<(usize, usize)> {
        let toks = self.toks();
        match rule {
            Rule::Term(term) => (0..toks.len())
                .filter(|&i| self.term_matches(&toks[i], term))
                .map(|i| (i, i))
                .collect(),
            Rule::Phrase(terms) => (0..toks.len().saturating_sub(terms.len() - 1))
                .filter(|&i| {
                    terms
                        .iter()
                        .enumerate()
                        .all(|(j, term)| self.term_matches(&toks[i + j], term))
                })
                .map(|i| (i, i + terms.len() - 1))
                .collect(),
            Rule::Near(a, b, n) => {
                let (oa, ob) = (self.occurrences(a), self.occurrences(b));
                let mut out = Vec::new();
                for &x in &oa {
                    for &y in &ob {
                        let gap = y.0.saturating_sub(x.1).max(x.0.saturating_sub(y.1));
                        if gap <= *n && x != y {
                            out.push((x.0.min(y.0), x.1.max(y.1)));
                        }
                    }
                }
                out.sort_unstable();
                out.dedup();
                out
            }
            Rule::Or(all) => {
                let mut out: Vec<(usize, usize)> =
                    all.iter().flat_map(|r| self.occurrences(r)).collect();
                out.sort_unstable();
                out.dedup();
                out
            }
            _ => Vec::new(),
        }
    }
    /// Evaluate `rule`: `None` when it does not hold, else the matched
    /// token ranges (empty for a rule that holds through NOT only).
    pub fn eval(&self, rule: &Rule) -> Option<Vec<(usize, usize)>> {
        match rule {
            Rule::Term(_) | Rule::Phrase(_) | Rule::Near(..) => {
                let occ = self.occurrences(rule);
                if occ.is_empty() { None } else { Some(occ) }
            }
            Rule::And(all) => {
                let mut x = Vec::new();
                for r in all {
                    x.extend(self.eval(r)?);
                }
                Some(x)
            }
            Rule::Or(all) => {
                let mut held = false;
                let mut x = Vec::new();
                for r in all {
                    if let Some(y) = self.eval(r) {
                        held = true;
                        x.extend(y);
                    }
                }
                held.then_some(x)
            }
            Rule::Not(a) => match self.eval(a) {
                Some(_) => None,
                None => Some(Vec::new()),
            },
        }
    }

    /// Byte spans of token ranges, sorted and merged where they touch.
    pub fn spans(&self, ranges: &[(usize, usize)]) -> Vec<(usize, usize)> {
        let toks = self.toks();
        let mut spans: Vec<(usize, usize)> = ranges
            .iter()
            .map(|&(a, b)| (toks[a].start as usize, toks[b].end as usize))
            .collect();
        spans.sort_unstable();
        let mut out: Vec<(usize, usize)> = Vec::new();
        for s in spans {
            match out.last_mut() {
                Some(last) if s.0 <= last.1 => last.1 = last.1.max(s.1),
                _ => out.push(s),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::AnalyzerConfig;
    use crate::themes::features::analyse;

    fn analyzer() -> Analyzer {
        Analyzer::new(AnalyzerConfig::default()).unwrap()
    }

    fn matches(rule: &str, text: &str) -> Option<Vec<String>> {
        let a = analyzer();
        let mut s = a.session();
        let r = parse_rule(rule, &mut s).unwrap();
        let an = analyse(&a, &[(text, Register::Written)]);
        let v = UnitView {
            analysed: &an,
            unit: 0,
            text,
        };
        v.eval(&r).map(|ranges| {
            v.spans(&ranges)
                .iter()
                .map(|&(x, y)| text[x..y].to_string())
                .collect()
        })
    }

    #[test]
    fn a_similar_term_matches_its_neighbours_once_they_are_known() {
        let a = analyzer();
        let text = "Kahvilassa oli hyvä tunnelma";
        let an = analyse(&a, &[(text, Register::Written)]);
        let v = UnitView {
            analysed: &an,
            unit: 0,
            text,
        };
        let mut cb = Codebook {
            path: "koodikirja.toml".into(),
            themes: vec![CodebookTheme {
                name: "kahvi".into(),
                description: None,
                parent: None,
                rule: Some(parse_rule("~kahvi AND NOT tee", &mut a.session()).unwrap()),
                rule_text: None,
                line: 1,
            }],
        };
        assert!(cb.has_similar_terms());
        let rule = |cb: &Codebook| cb.themes[0].rule.clone().unwrap();
        assert_eq!(v.eval(&rule(&cb)), None, "no neighbours yet");
        let mut asked = Vec::new();
        cb.expand_similar(&mut |lemma| {
            asked.push(lemma.to_string());
            vec!["kahvila".into(), "kahvihetki".into()]
        });
        assert_eq!(asked, ["kahvi"], "only the ~ term is expanded");
        assert_eq!(v.eval(&rule(&cb)), Some(vec![(0, 0)]));
        let plain = parse_rule("kahvi", &mut a.session()).unwrap();
        assert_eq!(v.eval(&plain), None);
    }

    #[test]
    fn prefixes_phrases_and_boolean_operators() {
        assert_eq!(
            matches("vertais*", "Vertaistuesta oli apua"),
            Some(vec!["Vertaistuesta".into()])
        );
        assert_eq!(
            matches("kahvi OR tee", "Tee oli kylmää"),
            Some(vec!["Tee".into()])
        );
        assert_eq!(matches("kahvi AND tee", "Tee oli kylmää"), None);
        assert_eq!(
            matches("tee AND NOT kahvi", "Tee oli kylmää"),
            Some(vec!["Tee".into()])
        );
        assert_eq!(
            matches("\"auki ilta*\"", "Olisi auki iltaisin"),
            Some(vec!["auki iltaisin".into()])
        );
        assert_eq!(matches("\"auki ilta*\"", "Iltaisin olisi auki"), None);
    }

    #[test]
    fn near_counts_words_between() {
        assert_eq!(
            matches("auki NEAR/2 ilta*", "auki myös iltaisin"),
            Some(vec!["auki myös iltaisin".into()])
        );
        assert_eq!(
            matches("auki NEAR/1 ilta*", "auki myös vielä iltaisin"),
            None
        );
    }

    #[test]
    fn rule_errors_say_where_and_what() {
        let a = analyzer();
        let mut s = a.session();
        for (rule, offset, words) in [
            ("vertais* AND", 12, "ends"),
            ("(kahvi OR tee", 13, "not closed"),
            ("kahvi tee", 6, "without an operator"),
            ("auki NEAR ilta", 5, "NEAR/n"),
            ("\"auki ilta", 0, "not closed"),
            ("ver*tais", 0, "only at the end"),
            ("(a AND b) NEAR/3 c", 10, "NEAR/n joins"),
        ] {
            let (off, msg) = parse_rule(rule, &mut s).unwrap_err();
            assert_eq!(off, offset, "{rule}: {msg}");
            assert!(msg.contains(words), "{rule}: {msg}");
        }
    }

    #[test]
    fn codebook_errors_carry_the_line() {
        let a = analyzer();
        let text = "[[theme]]\nname = \"a\"\nrule = 'x OR'\n";
        let err = Codebook::parse(text, Path::new("k.toml"), &a)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("k.toml:3:"), "{err}");
        let text = "[[theme]]\nname = \"a\"\nrule = 'x'\n[[theme]]\nname = \"a\"\nrule = 'y'\n";
        let err = Codebook::parse(text, Path::new("k.toml"), &a)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("k.toml:5:") && err.contains("already defined at line 3"),
            "{err}"
        );
        let text = "[[theme]]\nname = \"a\"\nrul = 'y'\n";
        let err = Codebook::parse(text, Path::new("k.toml"), &a)
            .unwrap_err()
            .to_string();
        assert!(err.starts_with("k.toml:3:"), "{err}");
    }

    #[test]
    fn deep_rules_are_an_error_and_wide_ones_are_fine() {
        let a = analyzer();
        let mut s = a.session();
        let deep = format!("{}kahvi{}", "(".repeat(10_000), ")".repeat(10_000));
        let (off, msg) = parse_rule(&deep, &mut s).unwrap_err();
        assert_eq!(off, MAX_RULE_DEPTH, "the first '(' too many: {msg}");
        assert!(msg.contains("more than 64 levels"), "{msg}");
        for deep in [
            format!("{}kahvi", "NOT ".repeat(10_000)),
            (0..10_000)
                .map(|i| format!("sana{i}"))
                .collect::<Vec<_>>()
                .join(" NEAR/2 "),
        ] {
            let (_, msg) = parse_rule(&deep, &mut s).unwrap_err();
            assert!(msg.contains("levels deep"), "{msg}");
        }
        // Exactly at the limit parses.
        let at_limit = format!("{}kahvi", "NOT ".repeat(MAX_RULE_DEPTH - 1));
        assert!(parse_rule(&at_limit, &mut s).is_ok());
        // Many terms side by side make one wide node, not a deep tree.
        let wide: Vec<String> = (0..20_000).map(|i| format!("sana{i}")).collect();
        let rule = parse_rule(&wide.join(" OR "), &mut s).unwrap();
        assert!(matches!(&rule, Rule::Or(all) if all.len() == 20_000));
        let rule = parse_rule(&wide.join(" AND "), &mut s).unwrap();
        assert!(matches!(&rule, Rule::And(all) if all.len() == 20_000));
        let mut many = wide[..1000].join(" OR ");
        many.push_str(" OR kahvi");
        assert_eq!(
            matches(&many, "Kahvi oli kylmää"),
            Some(vec!["Kahvi".into()])
        );
    }

    #[test]
    fn the_depth_error_names_the_file_and_line() {
        let a = analyzer();
        let text = format!(
            "[[theme]]\nname = \"a\"\nrule = \"\"\"\nkahvi OR\n{}tee{}\"\"\"\n",
            "(".repeat(100),
            ")".repeat(100)
        );
        let err = Codebook::parse(&text, Path::new("k.toml"), &a)
            .unwrap_err()
            .to_string();
        assert!(
            err.starts_with("k.toml:5: theme 'a': the rule nests more than 64 levels"),
            "{err}"
        );
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        /// Pieces of rules, well-formed or not.
        const PIECES: &[&str] = &[
            "kahvi",
            "tee*",
            "\"auki ilta*\"",
            "AND",
            "OR",
            "NOT",
            "NEAR/2",
            "NEAR/0",
            "NEAR",
            "(",
            ")",
            "\"",
            "*",
            "ä",
            "-",
            ":",
            " ",
            "\n",
            "x*y",
            "NEAR/99999999999999999999",
        ];

        /// A rule of AND/OR/NOT over a few words, and its truth given the
        /// words present in a text.
        #[derive(Debug, Clone)]
        enum Tree {
            Word(usize),
            Not(Box<Tree>),
            And(Vec<Tree>),
            Or(Vec<Tree>),
        }

        const WORDS: &[&str] = &["kahvi", "tee", "pulla", "maito"];

        impl Tree {
            fn text(&self) -> String {
                match self {
                    Tree::Word(i) => WORDS[*i].to_string(),
                    Tree::Not(t) => format!("NOT ({})", t.text()),
                    Tree::And(all) => {
                        let parts: Vec<String> =
                            all.iter().map(|t| format!("({})", t.text())).collect();
                        parts.join(" AND ")
                    }
                    Tree::Or(all) => {
                        let parts: Vec<String> =
                            all.iter().map(|t| format!("({})", t.text())).collect();
                        parts.join(" OR ")
                    }
                }
            }
            fn holds(&self, present: &[bool]) -> bool {
                match self {
                    Tree::Word(i) => present[*i],
                    Tree::Not(t) => !t.holds(present),
                    Tree::And(all) => all.iter().all(|t| t.holds(present)),
                    Tree::Or(all) => all.iter().any(|t| t.holds(present)),
                }
            }
        }

        fn tree() -> impl Strategy<Value = Tree> {
            let leaf = (0..WORDS.len()).prop_map(Tree::Word);
            leaf.prop_recursive(6, 40, 4, |inner| {
                prop_oneof![
                    inner.clone().prop_map(|t| Tree::Not(Box::new(t))),
                    prop::collection::vec(inner.clone(), 2..4).prop_map(Tree::And),
                    prop::collection::vec(inner, 2..4).prop_map(Tree::Or),
                ]
            })
        }

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(256))]

            /// Any rule text is a rule or an error at an offset inside it.
            #[test]
            fn any_rule_text_parses_or_is_an_error_inside_it(
                picks in prop::collection::vec(0..PIECES.len(), 0..40),
            ) {
                let rule: String = picks.iter().map(|&i| PIECES[i]).collect::<Vec<_>>().join(" ");
                let a = analyzer();
                let mut s = a.session();
                match parse_rule(&rule, &mut s) {
                    Ok(r) => {
                        let text = "Kahvi ja tee auki iltaisin";
                        let an = analyse(&a, &[(text, Register::Written)]);
                        let v = UnitView { analysed: &an, unit: 0, text };
                        if let Some(ranges) = v.eval(&r) {
                            let _ = v.spans(&ranges);
                        }
                    }
                    Err((off, msg)) => {
                        prop_assert!(off <= rule.len(), "{rule:?}: offset {off}: {msg}");
                        prop_assert!(!msg.is_empty());
                    }
                }
            }

            /// A rule of AND/OR/NOT holds exactly when its boolean formula
            /// does over the words of the answer.
            #[test]
            fn boolean_rules_hold_as_their_formula(
                t in tree(),
                present in prop::collection::vec(any::<bool>(), WORDS.len()),
            ) {
                let a = analyzer();
                let mut s = a.session();
                let rule = parse_rule(&t.text(), &mut s).unwrap();
                let words: Vec<&str> = WORDS
                    .iter()
                    .zip(&present)
                    .filter(|(_, p)| **p)
                    .map(|(w, _)| *w)
                    .collect();
                let text = format!("sokeri {}", words.join(" "));
                let an = analyse(&a, &[(&text, Register::Written)]);
                let v = UnitView { analysed: &an, unit: 0, text: &text };
                prop_assert_eq!(v.eval(&rule).is_some(), t.holds(&present), "{}", t.text());
            }
        }
    }

    #[test]
    fn subthemes_follow_their_parent() {
        let a = analyzer();
        let text = "[[theme]]\nname = \"p\"\n[[theme.subtheme]]\nname = \"c\"\nrule = 'x'\n";
        let cb = Codebook::parse(text, Path::new("k.toml"), &a).unwrap();
        assert_eq!(cb.themes.len(), 2);
        assert_eq!(cb.themes[1].parent, Some(0));
        assert!(cb.themes[0].rule.is_none());
    }
}
