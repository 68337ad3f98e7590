//! report.html in a real browser: headless Chromium opens the page, a probe
//! script records every error (uncaught exceptions, `console.error`,
//! Content-Security-Policy violations) and exercises the filter box and the
//! language switch; the test fails on any error or a broken control and
//! saves a screenshot.
//!
//! Without Chromium the test says SKIPPED on stderr and passes, unless
//! `TEEMA_REQUIRE_BROWSER=1` (as in .ci/run), when it fails.
//! It checks two pages: the test report of tests/report.rs (answers with
//! markup) and the report of the corpora/ survey and interviews, whose
//! screenshot it saves. `TEEMA_REPORT_HTML=path` checks an existing report
//! instead; `TEEMA_SCREENSHOT=path` says where the screenshot goes (default
//! `target/report-screenshot.png`), `TEEMA_WINDOW=1200,5000` its size.

use crate::util;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The Chromium binary, if one is installed.
fn chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("TEEMA_CHROMIUM") {
        return Some(PathBuf::from(p));
    }
    [
        "/usr/bin/chromium",
        "/usr/bin/chromium-browser",
        "/usr/bin/google-chrome",
    ]
    .iter()
    .map(PathBuf::from)
    .find(|p| p.is_file())
}

/// Run headless Chromium with `args` (and the fixed, network-free flags),
/// killing it after a minute. Returns (stdout, stderr).
fn run_chromium(bin: &Path, profile: &Path, args: &[String]) -> (String, String) {
    let mut cmd = Command::new(bin);
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--enable-logging=stderr",
        "--v=0",
    ])
    .arg(format!("--user-data-dir={}", profile.display()))
    .args(args)
    .stdin(Stdio::null())
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("start chromium");
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut s).ok();
        s
    });
    let err = std::thread::spawn(move || {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut stderr, &mut s).ok();
        s
    });
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if child.try_wait().expect("wait for chromium").is_some() {
            break;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("chromium did not finish within 60 s");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    (out.join().unwrap(), err.join().unwrap())
}

/// Records errors from the very start of the page.
const PROBE_HEAD: &str = "<script>window.__teemaErrors=[];\
window.addEventListener('error',function(e){__teemaErrors.push('error: '+e.message);});\
window.addEventListener('unhandledrejection',function(e){__teemaErrors.push('rejection: '+e.reason);});\
document.addEventListener('securitypolicyviolation',function(e){__teemaErrors.push('csp: '+e.violatedDirective+' '+e.blockedURI);});\
(function(){var ce=console.error;console.error=function(){__teemaErrors.push('console.error: '+Array.prototype.join.call(arguments,' '));ce.apply(console,arguments);};}());\
</script>";

/// After load: exercise the controls and write what happened into the DOM.
const PROBE_TAIL: &str = "<script>window.addEventListener('load',function(){\
var r={errors:window.__teemaErrors,scripts:document.scripts.length};\
try{\
var api=window.teemaReport;r.api=!!api;\
r.quotes=document.querySelectorAll('.quote').length;\
var first=document.querySelector('.quote p');var word=first?first.textContent.trim().split(/\\s+/).pop():'';\
r.word=word;r.matched=api.filter(word);\
r.visible=document.querySelectorAll('.quote:not([hidden])').length;\
r.none=api.filter('zzzz-ei-missään');\
r.reset=api.filter('');\
api.setLang('en');r.titleEn=document.title;\
var h=document.querySelector('h1 .en');r.enShown=!!h&&getComputedStyle(h).display!=='none';\
var f=document.querySelector('h1 .fi');r.fiHidden=!!f&&getComputedStyle(f).display==='none';\
api.setLang('fi');r.titleFi=document.title;\
r.bars=document.querySelectorAll('svg.bar').length;\
r.heat=document.querySelectorAll('table.heat td').length;\
r.sig=document.querySelectorAll('table.heat td.sig').length;\
}catch(e){r.errors.push('probe: '+e.message);}\
var pre=document.createElement('pre');pre.id='teema-probe';pre.textContent=JSON.stringify(r);document.body.appendChild(pre);\
});</script>";

/// Console messages Chromium logged. report.js writes nothing to the
/// console, so every message (uncaught exception, CSP violation, warning)
/// is a failure.
fn console_messages(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.contains(":CONSOLE") || l.contains("Uncaught"))
        .collect()
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Open `html` with the probe in headless Chromium; fail on any console
/// message or page error and on controls that do not work.
fn check_page(bin: &Path, dir: &Path, html: &str) {
    let probe_html = html
        .replacen("<head>", &format!("<head>\n{PROBE_HEAD}"), 1)
        .replacen("</body>", &format!("{PROBE_TAIL}\n</body>"), 1);
    let probe = util::write(dir, "probe.html", probe_html);
    let (dom, log) = run_chromium(
        bin,
        &dir.join("profile-probe"),
        &[
            "--virtual-time-budget=5000".into(),
            "--dump-dom".into(),
            format!("file://{}", probe.display()),
        ],
    );
    let errors = console_messages(&log);
    assert!(
        errors.is_empty(),
        "console messages from report.html:\n{}",
        errors.join("\n")
    );
    let start = dom
        .find("<pre id=\"teema-probe\">")
        .unwrap_or_else(|| panic!("the probe did not run; chromium said:\n{log}"))
        + "<pre id=\"teema-probe\">".len();
    let end = start + dom[start..].find("</pre>").unwrap();
    let r: serde_json::Value = serde_json::from_str(&unescape(&dom[start..end])).unwrap();
    assert_eq!(
        r["errors"],
        serde_json::json!([]),
        "errors in the page: {r}"
    );
    assert_eq!(
        r["scripts"], 3,
        "a script element came from respondent text: {r}"
    );
    assert_eq!(r["api"], true, "report.js did not run: {r}");
    let quotes = r["quotes"].as_u64().unwrap();
    assert!(quotes > 0, "no quotes: {r}");
    let matched = r["matched"].as_u64().unwrap();
    assert!(
        matched >= 1 && matched <= quotes,
        "filter by {}: {r}",
        r["word"]
    );
    assert_eq!(r["visible"], r["matched"], "filter hides the others: {r}");
    assert_eq!(r["none"], 0, "a word in no quote leaves none: {r}");
    assert_eq!(r["reset"], quotes, "an empty filter shows all: {r}");
    let title = |lang: &str| r[lang].as_str().unwrap_or("").to_string();
    assert!(title("titleEn").starts_with("Theme report"), "{r}");
    assert!(title("titleFi").starts_with("Teemaraportti"), "{r}");
    assert_eq!(r["enShown"], true, "English switch: {r}");
    assert_eq!(r["fiHidden"], true, "English switch hides Finnish: {r}");
    assert!(r["bars"].as_u64().unwrap() > 0, "no prevalence bars: {r}");
    assert!(r["heat"].as_u64().unwrap() > 0, "no heat map: {r}");
}

/// Save a screenshot of `html` to `shot` and check it is a real image.
fn screenshot(bin: &Path, dir: &Path, html: &str, shot: &Path) {
    let page = util::write(dir, "report.html", html);
    let shot = std::path::absolute(shot).unwrap();
    let _ = std::fs::remove_file(&shot);
    let (_, log) = run_chromium(
        bin,
        &dir.join("profile-shot"),
        &[
            format!("--screenshot={}", shot.display()),
            format!(
                "--window-size={}",
                std::env::var("TEEMA_WINDOW").unwrap_or_else(|_| "1200,2000".into())
            ),
            "--hide-scrollbars".into(),
            "--virtual-time-budget=2000".into(),
            format!("file://{}", page.display()),
        ],
    );
    let png = std::fs::read(&shot)
        .unwrap_or_else(|e| panic!("no screenshot at {}: {e}\n{log}", shot.display()));
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "screenshot is not a page"
    );
    // Printing (print CSS) gives a document.
    let pdf = dir.join("report.pdf");
    let (_, log) = run_chromium(
        bin,
        &dir.join("profile-print"),
        &[
            format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer".into(),
            "--virtual-time-budget=2000".into(),
            format!("file://{}", page.display()),
        ],
    );
    let pdf = std::fs::read(&pdf).unwrap_or_else(|e| panic!("no PDF printed: {e}\n{log}"));
    assert!(
        pdf.starts_with(b"%PDF") && pdf.len() > 20_000,
        "printing gave no document ({} bytes)",
        pdf.len()
    );
    // The page beside its picture, to open by hand.
    std::fs::write(shot.with_extension("html"), html).unwrap();
    eprintln!("screenshot: {} (page: .html beside it)", shot.display());
}

#[test]
fn report_html_runs_without_errors_in_headless_chromium() {
    let Some(bin) = chromium() else {
        let msg = "SKIPPED report_html_runs_without_errors_in_headless_chromium: no Chromium \
                   (apt-get install chromium, or set TEEMA_CHROMIUM)";
        if std::env::var("TEEMA_REQUIRE_BROWSER").as_deref() == Ok("1") {
            panic!("{msg}; TEEMA_REQUIRE_BROWSER=1 requires it");
        }
        eprintln!("{msg}");
        return;
    };
    let shot = std::env::var_os("TEEMA_SCREENSHOT")
        .map(PathBuf::from)
        .unwrap_or_else(|| util::root().join("target/report-screenshot.png"));
    if let Some(p) = std::env::var_os("TEEMA_REPORT_HTML") {
        let html = std::fs::read_to_string(&p).expect("read TEEMA_REPORT_HTML");
        let dir = util::tempdir();
        check_page(&bin, dir.path(), &html);
        screenshot(&bin, dir.path(), &html, &shot);
        return;
    }
    // The test report: markup and formulas in answers must stay text.
    let dir = util::tempdir();
    let (result, _) = crate::report::fixture(dir.path());
    check_page(&bin, dir.path(), &teema::report::html::render(&result));
    // The corpora/ survey and interviews, themes discovered.
    let dir = util::tempdir();
    let (result, _) = crate::report::corpora_result();
    check_page(&bin, dir.path(), &teema::report::html::render(&result));
    // The README's screenshot: the corpora/ report coded with the example codebook.
    let (result, _) = crate::report::corpora_codebook_result();
    let html = teema::report::html::render(&result);
    check_page(&bin, dir.path(), &html);
    screenshot(&bin, dir.path(), &html, &shot);
}
