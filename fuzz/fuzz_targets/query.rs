//! The search query path: any query on a small index is hits or an error
//! pointing at the query, never a panic. The first byte picks a limit and
//! whether to count only; the rest is the query.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use teema::index::search::{SearchOptions, search};
use teema::index::{IndexHandle, IndexOptions, build, shared_analyzer};
use teema::text::AnalyzerConfig;

#[path = "common.rs"]
#[allow(dead_code)]
mod common;

/// A small survey with an open question, an NPS column and a category.
const SURVEY: &str = "id;ikäryhmä;nps;palaute\n\
1;alle 25;9;Vertaistuesta oli paljon apua ja ohjaajat olivat ystävällisiä.\n\
2;25-44;3;Aukioloajat ovat liian lyhyet, iltaisin ei pääse mihinkään.\n\
3;45-64;7;Kahvi oli kylmää mutta tilat olivat siistit ja valoisat.\n\
4;yli 65;10;Ryhmässä sai puhua omista asioista, kiitos vertaisohjaajille!\n\
5;alle 25;0;Ei vastausta sähköpostiin kahteen viikkoon.\n";

fn handle() -> &'static IndexHandle {
    static H: OnceLock<IndexHandle> = OnceLock::new();
    H.get_or_init(|| {
        let analyzer = shared_analyzer(AnalyzerConfig {
            builtin_only: true,
            ..Default::default()
        })
        .expect("the built-in analyzer");
        let dir = common::scratch().path();
        let input = dir.join("kysely.csv");
        std::fs::write(&input, SURVEY).expect("write the survey");
        let corpus = teema::corpus::read_paths(&[input], &Default::default()).expect("read");
        let index = dir.join("index");
        let options = IndexOptions {
            threads: 1,
            ..Default::default()
        };
        build(&corpus, &analyzer, &options, &index).expect("index");
        IndexHandle::open(&index, analyzer).expect("open")
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&which, bytes)) = data.split_first() else {
        return;
    };
    let Ok(query) = std::str::from_utf8(bytes) else {
        return;
    };
    let options = SearchOptions {
        limit: [0, 1, 20, usize::MAX][which as usize % 4],
        ..Default::default()
    };
    let _ = search(handle(), query, &options);
});
