//! Shared server state: a small pool of opened stores (the store is blocking, one connection
//! each) and the caller's authentication, both used from `spawn_blocking`.

use std::sync::{Arc, Mutex};

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use tokio::sync::Semaphore;
use uitkijk_store::{Access, Store, StoreError, Tier};

use crate::error::ApiError;

/// What every handler shares: the store pool and the server's policy.
#[derive(Clone)]
pub struct AppState {
    inner: Arc<Inner>,
}

struct Inner {
    url: String,
    /// Idle stores; a request takes one, uses it on a blocking thread, puts it back.
    idle: Mutex<Vec<Box<dyn Store>>>,
    /// One permit per store: at most that many requests touch the database at once, the
    /// rest wait here (asynchronously) instead of piling up blocking threads.
    permits: Semaphore,
    public_anonymous: bool,
}

/// How the caller identified itself.
#[derive(Debug, Clone)]
pub enum Auth {
    /// A bearer token, checked against the store on each request (so a revoked token stops
    /// working at once: nothing is cached).
    Token(String),
    /// No token, on a server that lets anonymous callers read as public-tier partners.
    Anonymous,
}

impl AppState {
    /// Opens `pool` stores at `url` (one for `sqlite::memory:`, whose every opening is a
    /// separate database).
    pub fn open(url: &str, pool: usize, public_anonymous: bool) -> Result<AppState, StoreError> {
        let pool = if url == "sqlite::memory:" {
            1
        } else {
            pool.max(1)
        };
        let stores = (0..pool)
            .map(|_| uitkijk_store::open(url))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(AppState {
            inner: Arc::new(Inner {
                url: url.into(),
                idle: Mutex::new(stores),
                permits: Semaphore::new(pool),
                public_anonymous,
            }),
        })
    }

    /// Runs `work` with a store on a blocking thread.
    pub async fn with_store<T, F>(&self, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut dyn Store) -> Result<T, ApiError> + Send + 'static,
    {
        let permit = self
            .inner
            .permits
            .acquire()
            .await
            .map_err(|_| ApiError::internal("the store pool is closed"))?;
        let inner = self.inner.clone();
        let joined = tokio::task::spawn_blocking(move || {
            let store = inner.idle.lock().map(|mut v| v.pop()).unwrap_or(None);
            let mut store = match store {
                Some(s) => s,
                None => uitkijk_store::open(&inner.url)?,
            };
            let out = work(&mut *store);
            // A database failure may have broken the connection (a restarted PostgreSQL):
            // replace the store rather than hand a dead one to the next request.
            let keep = match &out {
                Err(e) if e.status.is_server_error() => uitkijk_store::open(&inner.url).ok(),
                _ => Some(store),
            };
            if let (Some(s), Ok(mut idle)) = (keep, inner.idle.lock()) {
                idle.push(s);
            }
            out
        })
        .await;
        drop(permit);
        joined.map_err(|e| ApiError::internal(format!("request task failed: {e}")))?
    }

    /// Authenticates the caller and runs `work` as them, in one blocking call with one store.
    pub async fn as_caller<T, F>(&self, auth: Auth, work: F) -> Result<T, ApiError>
    where
        T: Send + 'static,
        F: FnOnce(&mut dyn Store, &Access) -> Result<T, ApiError> + Send + 'static,
    {
        self.with_store(move |store| {
            let access = match auth {
                Auth::Anonymous => Access::reader("anonymous", Tier::Public),
                Auth::Token(secret) => store.authenticate(&secret)?.ok_or_else(|| {
                    ApiError::unauthorized("Authorization: unknown or revoked token")
                })?,
            };
            work(store, &access)
        })
        .await
    }
}

impl FromRequestParts<AppState> for Auth {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Auth, ApiError> {
        match parts.headers.get(AUTHORIZATION) {
            None if state.inner.public_anonymous => Ok(Auth::Anonymous),
            None => Err(ApiError::unauthorized(
                "Authorization: missing (send `Authorization: Bearer <token>`)",
            )),
            Some(v) => {
                let text = v
                    .to_str()
                    .map_err(|_| ApiError::unauthorized("Authorization: not ASCII"))?;
                let (scheme, secret) = text.trim().split_once(' ').unwrap_or((text, ""));
                let secret = secret.trim();
                if !scheme.eq_ignore_ascii_case("bearer") || secret.is_empty() {
                    return Err(ApiError::unauthorized(
                        "Authorization: expected `Bearer <token>`",
                    ));
                }
                Ok(Auth::Token(secret.to_string()))
            }
        }
    }
}
