//! Uitkijk's REST API and web UI server (issue 5): `/api/v1/…` on axum, the OpenAPI 3.1
//! document generated from the handlers (utoipa), bearer-token authentication against the
//! store, every read filtered by the caller's releasability tier in the store's one filter,
//! an audit entry for every read of restricted data and every write, and the UI's files.
//!
//! ```no_run
//! # async fn run() -> Result<(), uitkijk_server::ServerError> {
//! let config = uitkijk_server::Config {
//!     db_url: "sqlite://uitkijk.db".into(),
//!     bind: "127.0.0.1:8080".into(),
//!     web_dir: "web/dist".into(),
//!     public_anonymous: false,
//!     pool: 8,
//! };
//! uitkijk_server::serve(config, |addr| eprintln!("listening on http://{addr}")).await
//! # }
//! ```
#![deny(missing_docs)]

pub mod api;
pub mod body;
pub mod error;
pub mod orbit;
pub mod params;
pub mod state;

use std::net::SocketAddr;
use std::path::PathBuf;

use axum::extract::DefaultBodyLimit;
use axum::response::{Html, IntoResponse};
use axum::routing::{get, post};
use axum::{Json, Router};
use tower_http::services::{ServeDir, ServeFile};
use utoipa::OpenApi;

pub use error::{ApiError, ErrorBody};
pub use state::AppState;

/// Largest ingest body (a full catalog as OMM XML is about 30 MiB).
pub const INGEST_LIMIT_BYTES: usize = 64 * 1024 * 1024;

/// How to run the server.
#[derive(Debug, Clone)]
pub struct Config {
    /// The store: `sqlite://FILE` or `postgres://…`.
    pub db_url: String,
    /// Address to listen on (`127.0.0.1:0` picks a free port).
    pub bind: String,
    /// Folder of the built web UI (`index.html` and its assets).
    pub web_dir: PathBuf,
    /// Let callers without a token read as public-tier partners.
    pub public_anonymous: bool,
    /// Stores (database connections) kept open.
    pub pool: usize,
}

/// Why the server could not start or stopped.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The store could not be opened.
    #[error("{url}: {source}")]
    Store {
        /// The database URL.
        url: String,
        /// Why.
        source: uitkijk_store::StoreError,
    },
    /// The address is not `HOST:PORT`.
    #[error("--bind {0:?}: expected HOST:PORT, e.g. 127.0.0.1:8080")]
    BadBind(String),
    /// Listening or serving failed.
    #[error("{context}: {source}")]
    Io {
        /// What was being done.
        context: String,
        /// Why.
        source: std::io::Error,
    },
}

/// The OpenAPI document of `/api/v1`, generated from the handlers.
#[derive(OpenApi)]
#[openapi(
    info(title = "Uitkijk API", description = "Space situational awareness: catalog, states, conjunction events. Bearer tokens; every read is limited to the caller's releasability tier."),
    paths(
        api::health, api::whoami, api::counts, api::objects, api::object, api::elements,
        api::elements_latest, api::state, api::trajectory, api::states, api::events, api::event,
        api::event_cdm, api::event_status, api::ingest, api::runs, api::audit, openapi_json
    ),
    components(schemas(ErrorBody)),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{
            Http, HttpAuthScheme, SecurityRequirement, SecurityScheme,
        };
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
        doc.security = Some(vec![SecurityRequirement::new(
            "bearer",
            Vec::<String>::new(),
        )]);
    }
}

/// The OpenAPI 3.1 document of this API (no token needed).
#[utoipa::path(get, path = "/api/v1/openapi.json", tag = "service",
    responses((status = 200, description = "OpenAPI 3.1 document", content_type = "application/json", body = Object)))]
pub async fn openapi_json() -> impl IntoResponse {
    Json(ApiDoc::openapi())
}

/// The `/api/v1` routes.
pub fn api_router(state: AppState) -> Router {
    Router::new()
        .route("/health", get(api::health))
        .route("/openapi.json", get(openapi_json))
        .route("/whoami", get(api::whoami))
        .route("/counts", get(api::counts))
        .route("/objects", get(api::objects))
        .route("/objects/{id}", get(api::object))
        .route("/objects/{id}/elements", get(api::elements))
        .route("/objects/{id}/state", get(api::state))
        .route("/objects/{id}/trajectory", get(api::trajectory))
        .route("/elements/latest", get(api::elements_latest))
        .route("/states", get(api::states))
        .route("/events", get(api::events))
        .route("/events/{id}", get(api::event))
        .route("/events/{id}/cdm", get(api::event_cdm))
        .route("/events/{id}/status", post(api::event_status))
        .route(
            "/ingest",
            post(api::ingest).layer(DefaultBodyLimit::max(INGEST_LIMIT_BYTES)),
        )
        .route("/runs", get(api::runs))
        .route("/audit", get(api::audit))
        .fallback(api::no_route)
        .method_not_allowed_fallback(api::wrong_method)
        .with_state(state)
}

/// The whole application: the API under `/api/v1`, the UI's files at `/` (with `index.html`
/// for client-side routes), or a page saying how to build the UI when `web_dir` lacks it.
pub fn app(state: AppState, web_dir: &std::path::Path) -> Router {
    let api = api_router(state);
    let router = Router::new().nest("/api/v1", api);
    let index = web_dir.join("index.html");
    if index.is_file() {
        router.fallback_service(ServeDir::new(web_dir).fallback(ServeFile::new(index)))
    } else {
        let page = format!(
            "<!doctype html><html><head><meta charset=\"utf-8\"><title>Uitkijk</title></head><body>\
             <h1>Uitkijk</h1><p>The API is at <a href=\"/api/v1/openapi.json\">/api/v1/</a>.</p>\
             <p>The web UI is not built: no <code>{}</code>. Build it with \
             <code>cd web &amp;&amp; npm ci &amp;&amp; npm run build</code>, or point \
             <code>uitkijk serve --web-dir DIR</code> at a built copy.</p></body></html>",
            html_escape(&index.display().to_string())
        );
        router.fallback(move || {
            let page = page.clone();
            async move { Html(page) }
        })
    }
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// Opens the store pool, binds, calls `ready` with the real address, and serves until
/// SIGINT or SIGTERM (requests in flight are finished).
pub async fn serve(config: Config, ready: impl FnOnce(SocketAddr)) -> Result<(), ServerError> {
    let addr: SocketAddr = tokio::net::lookup_host(&config.bind)
        .await
        .ok()
        .and_then(|mut a| a.next())
        .ok_or_else(|| ServerError::BadBind(config.bind.clone()))?;
    let url = config.db_url.clone();
    let pool = config.pool;
    let anon = config.public_anonymous;
    let state = tokio::task::spawn_blocking(move || AppState::open(&url, pool, anon))
        .await
        .map_err(|e| ServerError::Io {
            context: "opening the store".into(),
            source: std::io::Error::other(e.to_string()),
        })?
        .map_err(|source| ServerError::Store {
            url: config.db_url.clone(),
            source,
        })?;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .map_err(|source| ServerError::Io {
            context: format!("binding {addr}"),
            source,
        })?;
    let local = listener.local_addr().map_err(|source| ServerError::Io {
        context: "reading the bound address".into(),
        source,
    })?;
    ready(local);
    axum::serve(listener, app(state, &config.web_dir))
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|source| ServerError::Io {
            context: "serving".into(),
            source,
        })
}

/// Resolves at the first SIGINT (Ctrl-C) or SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

/// [`serve`] on its own tokio runtime (for the command line, which is not async).
pub fn serve_blocking(config: Config, ready: impl FnOnce(SocketAddr)) -> Result<(), ServerError> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|source| ServerError::Io {
            context: "starting the runtime".into(),
            source,
        })?;
    runtime.block_on(serve(config, ready))
}
