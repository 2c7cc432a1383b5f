//! Every way a request can fail, as one type the whole console understands.

use crate::i18n::{Lang, Msg};
use ocp_model::secrets::redact;
use ocp_model::{ErrorCode, SubError};

/// What OCP said about a refusal, when it said anything.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ServerMessage {
    pub code: Option<ErrorCode>,
    pub message: String,
    pub sub_errors: Vec<SubError>,
    pub trace_id: Option<String>,
}

impl ServerMessage {
    pub fn text(text: impl Into<String>) -> Self {
        Self {
            message: text.into(),
            ..Self::default()
        }
    }
}

#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ApiError {
    #[error("the server cannot be reached: {0}")]
    Network(String),
    #[error("no answer within {0} seconds")]
    Timeout(u32),
    #[error("sign-in required")]
    Unauthorized(ServerMessage),
    #[error("not permitted: {}", .0.message)]
    Forbidden(ServerMessage),
    #[error("not found: {}", .0.message)]
    NotFound(ServerMessage),
    #[error("conflict: {}", .0.message)]
    Conflict(ServerMessage),
    #[error("refused: {}", .0.message)]
    BadRequest(ServerMessage),
    #[error("too many requests; retry in {retry_after_secs:?} s")]
    RateLimited {
        retry_after_secs: Option<u64>,
        message: ServerMessage,
    },
    #[error("server error {status}: {}", .message.message)]
    Server { status: u16, message: ServerMessage },
    #[error("the server answered {status} with something that is not OCP's JSON")]
    BadResponse { status: u16, snippet: String },
    #[error("unexpected data at `{path}`: {detail}")]
    Decode { path: String, detail: String },
}

/// The kind of failure, as a stable name for styling, tests and logs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    Network,
    Timeout,
    Unauthorized,
    Forbidden,
    NotFound,
    Conflict,
    BadRequest,
    RateLimited,
    Server,
    BadResponse,
    Decode,
}

impl ErrorKind {
    pub const ALL: [ErrorKind; 11] = [
        ErrorKind::Network,
        ErrorKind::Timeout,
        ErrorKind::Unauthorized,
        ErrorKind::Forbidden,
        ErrorKind::NotFound,
        ErrorKind::Conflict,
        ErrorKind::BadRequest,
        ErrorKind::RateLimited,
        ErrorKind::Server,
        ErrorKind::BadResponse,
        ErrorKind::Decode,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Network => "network",
            ErrorKind::Timeout => "timeout",
            ErrorKind::Unauthorized => "unauthorized",
            ErrorKind::Forbidden => "forbidden",
            ErrorKind::NotFound => "not-found",
            ErrorKind::Conflict => "conflict",
            ErrorKind::BadRequest => "bad-request",
            ErrorKind::RateLimited => "rate-limited",
            ErrorKind::Server => "server",
            ErrorKind::BadResponse => "bad-response",
            ErrorKind::Decode => "decode",
        }
    }
}

/// What a person reads: what happened, what the server said, and what to do next.
#[derive(Clone, Debug, PartialEq)]
pub struct UserMessage {
    pub title: String,
    pub detail: Option<String>,
    pub hint: String,
}

impl ApiError {
    /// A success envelope whose `data` is absent where the endpoint always sends it.
    pub fn missing_data() -> Self {
        ApiError::Decode {
            path: "data".into(),
            detail: "missing".into(),
        }
    }

    pub fn kind(&self) -> ErrorKind {
        match self {
            ApiError::Network(_) => ErrorKind::Network,
            ApiError::Timeout(_) => ErrorKind::Timeout,
            ApiError::Unauthorized(_) => ErrorKind::Unauthorized,
            ApiError::Forbidden(_) => ErrorKind::Forbidden,
            ApiError::NotFound(_) => ErrorKind::NotFound,
            ApiError::Conflict(_) => ErrorKind::Conflict,
            ApiError::BadRequest(_) => ErrorKind::BadRequest,
            ApiError::RateLimited { .. } => ErrorKind::RateLimited,
            ApiError::Server { .. } => ErrorKind::Server,
            ApiError::BadResponse { .. } => ErrorKind::BadResponse,
            ApiError::Decode { .. } => ErrorKind::Decode,
        }
    }

    /// The server's own words, if it sent any.
    pub fn server_message(&self) -> Option<&ServerMessage> {
        match self {
            ApiError::Unauthorized(m)
            | ApiError::Forbidden(m)
            | ApiError::NotFound(m)
            | ApiError::Conflict(m)
            | ApiError::BadRequest(m)
            | ApiError::RateLimited { message: m, .. }
            | ApiError::Server { message: m, .. } => Some(m),
            _ => None,
        }
    }

    /// Worth retrying as it is (as opposed to needing the person to change something).
    pub fn is_transient(&self) -> bool {
        matches!(
            self.kind(),
            ErrorKind::Network
                | ErrorKind::Timeout
                | ErrorKind::RateLimited
                | ErrorKind::Server
                | ErrorKind::BadResponse
        )
    }

    /// For a write: whether OCP may have carried it out although the console saw a failure
    /// (the connection dropped or timed out, or a 2xx answer could not be read), so sending it
    /// again could do it twice.
    pub fn outcome_unknown(&self) -> bool {
        match self {
            ApiError::Network(_) | ApiError::Timeout(_) | ApiError::Decode { .. } => true,
            // A gateway's 502/504 may come after OCP got the request; a 2xx was carried out.
            ApiError::BadResponse { status, .. } => {
                (200..300).contains(status) || matches!(status, 502 | 504)
            }
            _ => false,
        }
    }

    /// [`ApiError::user_message`] for a write: when it may have been carried out, the hint
    /// says to check before sending it again (writes are never repeated on their own).
    pub fn write_message(&self, lang: Lang) -> UserMessage {
        let mut m = self.user_message(lang);
        if self.outcome_unknown() {
            m.hint = Msg::HintWriteUnknown.text(lang).to_owned();
        }
        m
    }

    pub fn user_message(&self, lang: Lang) -> UserMessage {
        let server = self
            .server_message()
            .filter(|m| !m.message.is_empty())
            .map(|m| match &m.code {
                Some(code) => format!("{} ({code})", m.message),
                None => m.message.clone(),
            });
        let (title, hint, detail) = match self {
            ApiError::Network(e) => (Msg::ErrNetwork, Msg::HintNetwork, Some(e.clone())),
            ApiError::Timeout(s) => (
                Msg::ErrTimeout,
                Msg::HintRetry,
                Some(Msg::Seconds.text(lang).replace("{n}", &s.to_string())),
            ),
            ApiError::Unauthorized(_) => (Msg::ErrUnauthorized, Msg::HintSignIn, server),
            ApiError::Forbidden(_) => (Msg::ErrForbidden, Msg::HintForbidden, server),
            ApiError::NotFound(_) => (Msg::ErrNotFound, Msg::HintNotFound, server),
            ApiError::Conflict(_) => (Msg::ErrConflict, Msg::HintConflict, server),
            ApiError::BadRequest(_) => (Msg::ErrBadRequest, Msg::HintBadRequest, server),
            ApiError::RateLimited {
                retry_after_secs, ..
            } => {
                let hint_detail = retry_after_secs
                    .map(|s| Msg::RetryIn.text(lang).replace("{n}", &s.to_string()));
                (Msg::ErrRateLimited, Msg::HintRetry, hint_detail.or(server))
            }
            ApiError::Server { status, .. } => (
                Msg::ErrServer,
                Msg::HintRetry,
                Some(match server {
                    Some(s) => format!("HTTP {status}: {s}"),
                    None => format!("HTTP {status}"),
                }),
            ),
            ApiError::BadResponse { status, snippet } => (
                Msg::ErrBadResponse,
                Msg::HintBadResponse,
                Some(if snippet.is_empty() {
                    format!("HTTP {status}")
                } else {
                    format!("HTTP {status}: {snippet}")
                }),
            ),
            ApiError::Decode { path, detail } => (
                Msg::ErrDecode,
                Msg::HintDecode,
                Some(format!("{path}: {detail}")),
            ),
        };
        UserMessage {
            title: title.text(lang).to_owned(),
            // Raw server and database texts can carry credentials (ocp-api.md 1.6).
            detail: detail.map(|d| redact(&d)),
            hint: hint.text(lang).to_owned(),
        }
    }
}
