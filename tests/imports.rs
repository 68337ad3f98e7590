//! The import picture: `scripts/imports.sh` checks that no stage imports a
//! later one, no service imports a stage and no module cycle exists.

use crate::util::root;
use std::process::Command;

#[test]
fn no_stage_imports_a_later_one() {
    let out = Command::new("bash")
        .arg(root().join("scripts/imports.sh"))
        .output()
        .expect("run scripts/imports.sh");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "scripts/imports.sh found imports against the flow:\n{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains("pipeline  corpus"),
        "the picture lists the modules:\n{stdout}"
    );
}
