//! The third privacy sweep: identifiers typed the ways the earlier sweeps
//! left them: an e-mail address with spaces around its `@`, a phone number
//! or an account typed against a Finnish ending or an inflected label, and
//! listed names in lower case. The built binary runs on a survey written
//! here; no planted identifier may reach any output, the index's stored
//! texts included, while the common words that are also names stay.

use crate::util::{every_file, leaks, p, run, tempdir, write};

/// The answers, each with identifiers typed against words.
const PLANTED: &[&str] = &[
    "Vastatkaa osoitteeseen kaisa.salonen @kunta.fi kiitos",
    "Sähköpostini on jarmo.lehto@ yritys.fi jos tarvitsette",
    "Laittakaa viestiä pekka_rantala @ seura.org niin vastaan",
    "Soittakaa 0401239876kin jos ehditte",
    "numeroni0507654329 on auki iltaisin",
    "Tekstiviesti puhelimeen 044 321 9876lle riittää",
    "Palautus tilille FI2112345600000785kin, kiitos",
    "Maksu tuli tililtä FI5512345600000786:stä ajallaan",
    "Puhuin tiina hakalan kanssa, hän auttoi",
    "Asia hoitui hyvin. terveisin reijo",
    "Ohjaaja hakala tiina neuvoi minua",
];

/// What must not be left anywhere: the identifiers' distinctive parts.
const NEEDLES: &[&str] = &[
    "salonen",
    "jarmo.lehto",
    "pekka_rantala",
    "0401239876",
    "0507654329",
    "321 9876",
    "5600000785",
    "5600000786",
    "tiina",
    "hakala",
    "reijo",
];

#[test]
fn identifiers_typed_against_words_or_in_lower_case_reach_no_output() {
    let dir = tempdir();
    let names = write(
        dir.path(),
        "nimet.txt",
        "Tiina Hakala\nReijo Koski\nOnni Aho\n",
    );
    let filler = [
        "Palvelu oli hyvä ja henkilökunta ystävällinen",
        "Jonot olivat pitkiä ja odotus kesti kauan",
        "Hinta oli liian korkea palveluun nähden",
    ];
    let mut csv = String::from("id;vastaus\n");
    for (i, a) in PLANTED.iter().enumerate() {
        csv.push_str(&format!("{i};{a}\n"));
    }
    // Names that are common words stay words in lower case.
    csv.push_str("90;Mökin vieressä koski kuohui ja onni oli matkassa\n");
    for i in 0..24 {
        csv.push_str(&format!("{};{}\n", 100 + i, filler[i % 3]));
    }
    let input = write(dir.path(), "kysely.csv", csv);
    // The test can fail: every needle is in the input.
    let caught = leaks(
        &[("kysely.csv".into(), std::fs::read(&input).unwrap())],
        NEEDLES,
    );
    assert_eq!(caught.len(), NEEDLES.len(), "{caught:#?}");

    let out = dir.path().join("out");
    let r = run(&[
        "analyze",
        p(&input),
        "--out",
        p(&out),
        "--text-col",
        "vastaus",
        "--names",
        p(&names),
        "--threads",
        "1",
    ])
    .expect_code(0);
    let mut files = every_file(&out);
    assert!(files.iter().any(|(n, _)| n.contains("/index/")), "no index");
    // The stored texts of the index, read back (compressed on disk).
    let stored = run(&[
        "search",
        p(&out.join("index")),
        "vastata OR sähköposti OR viesti OR soittaa OR ilta OR puhelin OR tili OR maksu OR \
         puhua OR asia OR ohjaaja OR numero OR iltaisin",
        "--limit",
        "1000",
        "--json",
    ])
    .expect_code(0);
    let read_back = stored.stdout.lines().count();
    files.push(("search --json".into(), stored.stdout.into_bytes()));
    files.push(("stdout".into(), r.stdout.into_bytes()));
    files.push(("stderr".into(), r.stderr.into_bytes()));
    let found = leaks(&files, NEEDLES);
    assert!(found.is_empty(), "identifiers in the outputs: {found:#?}");
    assert_eq!(read_back, PLANTED.len(), "every planted answer read back");
    let manifest = crate::util::manifest(&out);
    let counts: Vec<(String, u64)> = manifest["pseudonymisation"]["counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["kind"].as_str().unwrap().to_string(),
                c["replaced"].as_u64().unwrap(),
            )
        })
        .collect();
    for (kind, n) in [("name", 3), ("phone", 3), ("email", 3), ("iban", 2)] {
        assert!(
            counts.contains(&(kind.to_string(), n)),
            "{n} {kind} replaced: {counts:?}"
        );
    }

    // The copy shows what is kept: endings, labels and the common words.
    let copies = dir.path().join("kopiot");
    run(&[
        "pseudonymise",
        p(&input),
        "--out",
        p(&copies),
        "--names",
        p(&names),
    ])
    .expect_code(0);
    let copy = std::fs::read_to_string(copies.join("kysely.csv")).unwrap();
    for kept in [
        "Soittakaa [PUHELIN 1]kin jos",
        "numeroni[PUHELIN 2] on",
        "puhelimeen [PUHELIN 3]lle",
        "tilille [IBAN 1]kin,",
        "tililtä [IBAN 2]:stä",
        "osoitteeseen [SÄHKÖPOSTI 1] kiitos",
        "Puhuin [HENKILÖ 1] kanssa",
        "terveisin [HENKILÖ 2]",
        "Ohjaaja [HENKILÖ 1] neuvoi",
        "Mökin vieressä koski kuohui ja onni oli matkassa",
    ] {
        assert!(copy.contains(kept), "{kept:?} not in the copy:\n{copy}");
    }
}
