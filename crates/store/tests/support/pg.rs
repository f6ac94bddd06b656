//! A throwaway PostgreSQL server for tests, from the Debian binaries: `initdb` into a temp
//! directory and `pg_ctl start` on loopback, stopped and removed on drop. Root cannot run
//! `initdb`, so as root the server runs as the `postgres` user (via `runuser`).
//!
//! Without PostgreSQL installed the tests that need it are skipped with a note, unless
//! `UITKIJK_REQUIRE_PG=1` (CI), where a missing server fails them.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

pub struct PgServer {
    root: PathBuf,
    bin: PathBuf,
    port: u16,
    as_postgres: bool,
    databases: AtomicUsize,
}

fn find_bin(name: &str) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&path) {
            let p = dir.join(name);
            if p.is_file() {
                // /usr/local/bin/initdb may be a link: use the directory it points into, so
                // that pg_ctl and postgres of the same version are found beside it.
                return Some(std::fs::canonicalize(&p).unwrap_or(p));
            }
        }
    }
    let mut versions: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path().join("bin").join(name)))
        .filter(|p| p.is_file())
        .collect();
    versions.sort_by_key(|p| {
        p.parent()
            .and_then(Path::parent)
            .and_then(|v| v.file_name())
            .and_then(|v| v.to_str())
            .and_then(|v| v.parse::<u32>().ok())
            .unwrap_or(0)
    });
    versions.pop()
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

impl PgServer {
    /// Starts a server, or `None` (with a note on stderr) when PostgreSQL is not installed
    /// and `UITKIJK_REQUIRE_PG` is not `1`.
    pub fn start(tag: &str) -> Option<PgServer> {
        PgServer::start_with(tag, false)
    }

    /// A server with fsync on (for timings that must include durable commits).
    pub fn start_durable(tag: &str) -> Option<PgServer> {
        PgServer::start_with(tag, true)
    }

    fn start_with(tag: &str, fsync: bool) -> Option<PgServer> {
        let required = std::env::var("UITKIJK_REQUIRE_PG").is_ok_and(|v| v == "1");
        let Some(initdb) = find_bin("initdb") else {
            assert!(
                !required,
                "UITKIJK_REQUIRE_PG=1 but no initdb on PATH or in /usr/lib/postgresql/*/bin"
            );
            eprintln!("PostgreSQL not installed: skipping the PostgreSQL half of {tag}");
            return None;
        };
        let bin = initdb
            .parent()
            .expect("initdb has a directory")
            .to_path_buf();
        let root = std::env::temp_dir().join(format!("uitkijk-pg-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).expect("temp dir");
        let as_postgres = is_root();
        let server = PgServer {
            root,
            bin,
            port: free_port(),
            as_postgres,
            databases: AtomicUsize::new(0),
        };
        if as_postgres {
            let ok = Command::new("chown")
                .args(["-R", "postgres:", server.root.to_str().unwrap()])
                .status()
                .expect("chown runs");
            assert!(ok.success(), "chown of the PostgreSQL temp dir failed");
        }
        let data = server.root.join("data");
        server.run(
            "initdb",
            &[
                "-D",
                data.to_str().unwrap(),
                "-U",
                "uitkijk",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-sync",
            ],
        );
        // -F: no fsync (a test server's durability is irrelevant; it keeps tests fast).
        let opts = format!(
            "-k {} -p {} -h 127.0.0.1 {} -c max_connections=40",
            server.root.display(),
            server.port,
            if fsync { "" } else { "-F" }
        );
        let log = server.root.join("log");
        server.run(
            "pg_ctl",
            &[
                "-D",
                data.to_str().unwrap(),
                "-l",
                log.to_str().unwrap(),
                "-w",
                "-o",
                &opts,
                "start",
            ],
        );
        Some(server)
    }

    fn run(&self, tool: &str, args: &[&str]) {
        let exe = self.bin.join(tool);
        let out = if self.as_postgres {
            Command::new("runuser")
                .args(["-u", "postgres", "--"])
                .arg(&exe)
                .args(args)
                .output()
        } else {
            Command::new(&exe).args(args).output()
        }
        .unwrap_or_else(|e| panic!("{} does not run: {e}", exe.display()));
        assert!(
            out.status.success(),
            "{tool} failed: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    pub fn url(&self, db: &str) -> String {
        format!("postgres://uitkijk@127.0.0.1:{}/{db}", self.port)
    }

    /// A new empty database; returns its URL.
    pub fn fresh_database(&self) -> String {
        let n = self.databases.fetch_add(1, Ordering::SeqCst);
        let name = format!("t{n}");
        // The client tool rather than a client library: the CLI tests share this helper.
        let out = Command::new(self.bin.join("createdb"))
            .args([
                "-h",
                "127.0.0.1",
                "-p",
                &self.port.to_string(),
                "-U",
                "uitkijk",
                &name,
            ])
            .output()
            .expect("createdb runs");
        assert!(
            out.status.success(),
            "createdb: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        self.url(&name)
    }
}

impl Drop for PgServer {
    fn drop(&mut self) {
        let data = self.root.join("data");
        let exe = self.bin.join("pg_ctl");
        let args = ["-D", data.to_str().unwrap_or(""), "-m", "immediate", "stop"];
        let _ = if self.as_postgres {
            Command::new("runuser")
                .args(["-u", "postgres", "--"])
                .arg(&exe)
                .args(args)
                .output()
        } else {
            Command::new(&exe).args(args).output()
        };
        let _ = std::fs::remove_dir_all(&self.root);
    }
}
