//! The one error type of the API: every failure answers JSON `{"error", "detail"}` with a
//! status that says whose fault it is (4xx: the request; 500: the server or its database).

use axum::extract::rejection::{BytesRejection, JsonRejection, PathRejection, QueryRejection};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use uitkijk_store::StoreError;
use utoipa::ToSchema;

/// The body of every error answer.
#[derive(Debug, Clone, Serialize, serde::Deserialize, ToSchema)]
pub struct ErrorBody {
    /// What went wrong, in a few words (`bad request`, `not found`, …).
    pub error: String,
    /// Why, naming the parameter at fault.
    pub detail: String,
}

/// A failed request.
#[derive(Debug, Clone)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Why, naming the parameter.
    pub detail: String,
}

impl ApiError {
    /// A request with a bad parameter (400).
    pub fn bad(detail: impl Into<String>) -> ApiError {
        ApiError::with(StatusCode::BAD_REQUEST, detail)
    }

    /// Something that does not exist or that the caller may not know of (404).
    pub fn not_found(detail: impl Into<String>) -> ApiError {
        ApiError::with(StatusCode::NOT_FOUND, detail)
    }

    /// No valid token (401).
    pub fn unauthorized(detail: impl Into<String>) -> ApiError {
        ApiError::with(StatusCode::UNAUTHORIZED, detail)
    }

    /// A well-formed request that cannot be carried out on this data (422).
    pub fn unprocessable(detail: impl Into<String>) -> ApiError {
        ApiError::with(StatusCode::UNPROCESSABLE_ENTITY, detail)
    }

    /// The server failed (500): never for a bad request.
    pub fn internal(detail: impl Into<String>) -> ApiError {
        ApiError::with(StatusCode::INTERNAL_SERVER_ERROR, detail)
    }

    /// Any status.
    pub fn with(status: StatusCode, detail: impl Into<String>) -> ApiError {
        ApiError {
            status,
            detail: detail.into(),
        }
    }

    fn word(&self) -> &'static str {
        match self.status {
            StatusCode::BAD_REQUEST => "bad request",
            StatusCode::UNAUTHORIZED => "unauthorized",
            StatusCode::FORBIDDEN => "forbidden",
            StatusCode::NOT_FOUND => "not found",
            StatusCode::METHOD_NOT_ALLOWED => "method not allowed",
            StatusCode::PAYLOAD_TOO_LARGE => "payload too large",
            StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported media type",
            StatusCode::UNPROCESSABLE_ENTITY => "unprocessable",
            StatusCode::SERVICE_UNAVAILABLE => "unavailable",
            s if s.is_client_error() => "bad request",
            _ => "internal error",
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: self.word().into(),
            detail: self.detail,
        };
        (self.status, Json(body)).into_response()
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        match e {
            StoreError::NotFound(what) => ApiError::not_found(what),
            StoreError::Forbidden(why) => ApiError::with(StatusCode::FORBIDDEN, why),
            StoreError::Invalid { field, why } => ApiError::bad(format!("{field}: {why}")),
            e => ApiError::internal(format!("store: {e}")),
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(r: QueryRejection) -> ApiError {
        // axum names the parameter (serde_path_to_error): "…: limit: invalid digit …".
        ApiError::with(rejection_status(r.status()), r.body_text())
    }
}

impl From<PathRejection> for ApiError {
    fn from(r: PathRejection) -> ApiError {
        ApiError::with(rejection_status(r.status()), r.body_text())
    }
}

impl From<JsonRejection> for ApiError {
    fn from(r: JsonRejection) -> ApiError {
        ApiError::with(
            rejection_status(r.status()),
            format!("body: {}", r.body_text()),
        )
    }
}

impl From<BytesRejection> for ApiError {
    fn from(r: BytesRejection) -> ApiError {
        ApiError::with(
            rejection_status(r.status()),
            format!("body: {}", r.body_text()),
        )
    }
}

/// A rejection's status, kept to the 4xx range: a request axum cannot read is the request's
/// fault.
fn rejection_status(s: StatusCode) -> StatusCode {
    if s.is_client_error() {
        s
    } else {
        StatusCode::BAD_REQUEST
    }
}
