//! `uitkijk serve`: the REST API and the web UI until SIGINT/SIGTERM.

use uitkijk_server::{serve_blocking, Config, ServerError};

use crate::args::ServeArgs;
use crate::failure::{bad, Failure};

pub fn run(a: ServeArgs) -> Result<(), Failure> {
    if a.pool == 0 {
        return Err(bad("--pool must be at least 1"));
    }
    let config = Config {
        db_url: a.db.clone(),
        bind: a.bind.clone(),
        web_dir: a.web_dir.clone(),
        public_anonymous: a.public_anonymous,
        pool: a.pool,
    };
    if !a.web_dir.join("index.html").is_file() {
        eprintln!(
            "uitkijk: no web UI in {} (build it with `cd web && npm ci && npm run build`); serving the API only",
            a.web_dir.display()
        );
    }
    // Tests and scripts wait for this exact line; with port 0 it names the real port.
    let ready = |addr| eprintln!("listening on http://{addr}");
    serve_blocking(config, ready).map_err(|e| match e {
        ServerError::BadBind(_) => bad(e.to_string()),
        ServerError::Store { url, source } => crate::db::failure(&url, source),
        e => Failure::Runtime(e.to_string()),
    })?;
    eprintln!("uitkijk: server stopped");
    Ok(())
}
