//! Running the `uitkijk` binary from a CLI test: exit code, stdout and stderr as text.

use std::process::Command;

/// Runs `uitkijk ARGS…` and returns (exit code, stdout, stderr).
pub fn uitkijk(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_uitkijk"))
        .args(args)
        .output()
        .expect("the uitkijk binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}
