//! The codebook parser (TOML and the rule language) and the matcher: any
//! text is a codebook or an error naming the file and line; a codebook that
//! parses codes a few answers without trouble.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::OnceLock;
use teema::text::{Analyzer, AnalyzerConfig, Register};
use teema::themes::Codebook;
use teema::themes::codebook::UnitView;
use teema::themes::features::{Analysed, analyse};

const ANSWERS: &[&str] = &[
    "Vertaistuesta oli paljon apua, kun olin samassa tilanteessa.",
    "Aukioloajat voisivat olla pidemmät myös iltaisin ja viikonloppuna.",
    "Kahvi oli kylmää eikä henkilökunta ehtinyt auttaa.",
];

fn analyzer() -> &'static Analyzer {
    static A: OnceLock<Analyzer> = OnceLock::new();
    A.get_or_init(|| {
        Analyzer::new(AnalyzerConfig {
            builtin_only: true,
            ..Default::default()
        })
        .expect("the built-in analyzer")
    })
}

fn answers() -> &'static Analysed {
    static A: OnceLock<Analysed> = OnceLock::new();
    A.get_or_init(|| {
        let texts: Vec<(&str, Register)> =
            ANSWERS.iter().map(|t| (*t, Register::Written)).collect();
        analyse(analyzer(), &texts)
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(codebook) = Codebook::parse(text, Path::new("koodikirja.toml"), analyzer()) else {
        return;
    };
    for theme in &codebook.themes {
        let Some(rule) = &theme.rule else { continue };
        for (unit, text) in ANSWERS.iter().enumerate() {
            let view = UnitView {
                analysed: answers(),
                unit,
                text,
            };
            if let Some(ranges) = view.eval(rule) {
                let _ = view.spans(&ranges);
            }
        }
    }
});
