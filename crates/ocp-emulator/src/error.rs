//! API errors: every failure is an OCP error envelope with a 4xx status (ocp-api.md 1.2), and
//! its message is localized by `Accept-Language` when the envelope is written (see `reply`).

use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use ocp_model::validate::Violation;
use ocp_model::{ErrorBody, ErrorCode, SubError};

pub use ocp_model::Lang;

/// OCP-style string codes of the framework-level errors (no business rule behind them):
/// every error the emulator sends has a string `error.code`, as OceanBase's Go client reads
/// it. COM10001 and COM10010 are the contract's (ocp-api.md 1.2); COM10002 is OCP's own
/// "not found" (`COMMON_NOT_FOUND` in OCP Express's error table); COM10003, COM10004 and
/// COM10000 are ours, from the same COM range, for what OCP's tables do not name.
pub mod codes {
    /// 400: a parameter empty or invalid, a body that cannot be read, any other rejection.
    pub const BAD_REQUEST: &str = "COM10001";
    /// 404: no such API path.
    pub const NO_SUCH_API: &str = "COM10002";
    /// 405: the path exists, the method does not.
    pub const METHOD_NOT_ALLOWED: &str = "COM10003";
    /// 413: the request body is over the limit.
    pub const TOO_LARGE: &str = "COM10004";
    /// 403: a write refused before it is read: from another site (`Origin`,
    /// `Sec-Fetch-Site`), or without the console's header ([`crate::security`]).
    pub const WRITE_REFUSED: &str = "COM10005";
    /// 400: a start or end time that cannot be read, or an end before the start.
    pub const BAD_TIME: &str = "COM10010";
    /// 5xx: unexpected (storage failure, a handler panic; in proxy mode 502 and 504).
    pub const UNEXPECTED: &str = "COM10000";
    /// 401: not logged in / wrong user name or password.
    pub const NOT_LOGGED_IN: &str = "IAM10000";
    pub const BAD_CREDENTIALS: &str = "IAM10004";

    /// The code of a framework-level error with this HTTP status.
    pub fn for_status(status: axum::http::StatusCode) -> &'static str {
        match status.as_u16() {
            401 => NOT_LOGGED_IN,
            403 => WRITE_REFUSED,
            404 => NO_SUCH_API,
            405 => METHOD_NOT_ALLOWED,
            413 => TOO_LARGE,
            500..=599 => UNEXPECTED,
            _ => BAD_REQUEST,
        }
    }
}

/// The language of `error.message`, from `Accept-Language` (English by default).
pub fn lang_of(headers: &HeaderMap) -> Lang {
    headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(Lang::from_accept_language)
        .unwrap_or(Lang::En)
}

/// What went wrong, kept structured until the language is known.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    NotLoggedIn,
    BadCredentials,
    /// `object` names the kind and id, e.g. `cluster 1000099`.
    NotFound {
        object: String,
    },
    InvalidParam {
        name: String,
        value: String,
    },
    BadTime {
        name: String,
        value: String,
    },
    NoSuchApi {
        method: String,
        path: String,
    },
    MethodNotAllowed {
        method: String,
        path: String,
    },
    /// A body that is not JSON, or not of the expected shape.
    BadBody {
        en: String,
        zh: String,
    },
    TooLarge {
        limit: usize,
    },
    /// Broken rules (`ocp_model::validate`): the message is the first one's.
    Rules(Vec<Violation>),
    Internal,
    /// 429: over `--rate-limit`'s requests per window.
    RateLimited {
        limit: u32,
        window_secs: u64,
    },
    /// Any other refusal of the HTTP framework, by its status (a rejection without an
    /// envelope of its own).
    Status {
        status: u16,
    },
    /// 403: a write whose `Origin` is another site's, or whose `Sec-Fetch-Site` says so.
    CrossSite,
    /// 403: a write without the console's header (`X-OBC-Console`).
    NoConsoleHeader,
    /// 415: a write whose `Content-Type` is not `application/json`.
    NotJson {
        got: String,
    },
    /// 408: the request body did not come in time.
    BodyTimeout {
        secs: u64,
    },
    /// 429: too many failed sign-ins from this client: locked out for a while.
    SignInLocked {
        secs: u64,
    },
    /// 429: a sign-in of this client is already being checked (after failures, one at a time).
    SignInBusy,
    /// 400: a proxied path that is not under `/api/` once normalized.
    BadPath,
}

impl Problem {
    fn message(&self, lang: Lang) -> String {
        use Problem::*;
        match (self, lang) {
            (NotLoggedIn, Lang::En) => "Not logged in, or the session has expired".into(),
            (NotLoggedIn, Lang::Zh) => "用户未登录或会话已过期".into(),
            (BadCredentials, Lang::En) => "Wrong user name or password".into(),
            (BadCredentials, Lang::Zh) => "用户名或密码错误".into(),
            (NotFound { object }, Lang::En) => format!("Object {object} does not exist"),
            (NotFound { object }, Lang::Zh) => format!("对象 {object} 不存在"),
            (InvalidParam { name, value }, Lang::En) => {
                format!("Invalid request parameter {name}: {value:?}")
            }
            (InvalidParam { name, value }, Lang::Zh) => {
                format!("请求参数 {name} 无效：{value:?}")
            }
            (BadTime { name, value }, Lang::En) => {
                format!("Invalid start or end time {name}: {value:?}")
            }
            (BadTime { name, value }, Lang::Zh) => {
                format!("开始时间或结束时间 {name} 无效：{value:?}")
            }
            (NoSuchApi { method, path }, Lang::En) => format!("No such API: {method} {path}"),
            (NoSuchApi { method, path }, Lang::Zh) => format!("接口不存在：{method} {path}"),
            (MethodNotAllowed { method, path }, Lang::En) => {
                format!("Method {method} is not supported by {path}")
            }
            (MethodNotAllowed { method, path }, Lang::Zh) => {
                format!("{path} 不支持请求方法 {method}")
            }
            (BadBody { en, .. }, Lang::En) => en.clone(),
            (BadBody { zh, .. }, Lang::Zh) => zh.clone(),
            (TooLarge { limit }, Lang::En) => {
                format!("The request body is larger than {limit} bytes")
            }
            (TooLarge { limit }, Lang::Zh) => format!("请求体超过 {limit} 字节"),
            (Rules(v), lang) => v
                .first()
                .map(|v| v.message(lang).to_owned())
                .unwrap_or_default(),
            (Internal, Lang::En) => "Unexpected server error".into(),
            (Internal, Lang::Zh) => "服务器内部错误".into(),
            (RateLimited { limit, window_secs }, Lang::En) => format!(
                "The request rate is limited: at most {limit} requests in {window_secs} \
                 seconds; try again later"
            ),
            (RateLimited { limit, window_secs }, Lang::Zh) => {
                format!("请求频率受限：{window_secs} 秒内最多 {limit} 次请求，请稍后重试")
            }
            (Status { status }, Lang::En) => format!(
                "The request was refused ({status} {})",
                StatusCode::from_u16(*status)
                    .ok()
                    .and_then(|s| s.canonical_reason())
                    .unwrap_or("error")
            ),
            (Status { status }, Lang::Zh) => format!("请求被拒绝（{status}）"),
            (CrossSite, Lang::En) => "A change requested by another site is refused: make \
                changes in the console itself"
                .into(),
            (CrossSite, Lang::Zh) => "拒绝来自其他站点的修改请求：请在控制台中进行修改".into(),
            (NoConsoleHeader, Lang::En) => format!(
                "A change must carry the header {}: 1 (the console sends it; add it to \
                 scripts)",
                crate::security::CONSOLE_HEADER_NAME
            ),
            (NoConsoleHeader, Lang::Zh) => format!(
                "修改请求必须带有请求头 {}: 1（控制台会自动发送；脚本请自行添加）",
                crate::security::CONSOLE_HEADER_NAME
            ),
            (NotJson { got }, Lang::En) => {
                format!("A change must be sent as Content-Type: application/json (got {got})")
            }
            (NotJson { got }, Lang::Zh) => {
                format!("修改请求须以 Content-Type: application/json 发送（实际为 {got}）")
            }
            (BodyTimeout { secs }, Lang::En) => {
                format!("The request body did not arrive within {secs} s")
            }
            (BodyTimeout { secs }, Lang::Zh) => format!("请求体未在 {secs} 秒内送达"),
            (SignInLocked { secs }, Lang::En) => {
                format!("Too many failed sign-ins from this address: try again in {secs} s")
            }
            (SignInLocked { secs }, Lang::Zh) => {
                format!("该地址登录失败次数过多：请在 {secs} 秒后重试")
            }
            (SignInBusy, Lang::En) => {
                "Another sign-in from this address is being checked: try again in a moment".into()
            }
            (SignInBusy, Lang::Zh) => "该地址的另一次登录正在校验中：请稍后重试".into(),
            (BadPath, Lang::En) => "This path is not forwarded: only paths under /api/ are".into(),
            (BadPath, Lang::Zh) => "不转发该路径：只转发 /api/ 下的路径".into(),
        }
    }
}

/// An error answer. It travels as a response extension and `reply::envelope` writes the body.
/// Boxed: handlers return it in every `Result`, which should stay small.
#[derive(Clone, Debug)]
pub struct ApiError(Box<Detail>);

#[derive(Clone, Debug)]
pub struct Detail {
    pub status: StatusCode,
    pub code: ErrorCode,
    pub problem: Problem,
    /// For developers; never localized.
    pub debug: Option<String>,
    pub sub_errors: Vec<SubError>,
    /// `subErrors[].object` of broken rules.
    pub object: Option<String>,
}

impl ApiError {
    fn new(status: StatusCode, code: ErrorCode, problem: Problem) -> Self {
        Self(Box::new(Detail {
            status,
            code,
            problem,
            debug: None,
            sub_errors: Vec::new(),
            object: None,
        }))
    }

    pub fn detail(&self) -> &Detail {
        &self.0
    }

    fn with_debug(mut self, debug: impl Into<String>) -> Self {
        self.0.debug = Some(debug.into());
        self
    }

    fn with_field(mut self, field: &str, value: &str, message: &str) -> Self {
        self.0.sub_errors.push(SubError {
            object: None,
            field: Some(field.to_owned()),
            rejected_value: Some(serde_json::Value::String(value.to_owned())),
            message: message.to_owned(),
        });
        self
    }

    pub fn not_logged_in() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            codes::NOT_LOGGED_IN.into(),
            Problem::NotLoggedIn,
        )
    }

    pub fn bad_credentials() -> Self {
        Self::new(
            StatusCode::UNAUTHORIZED,
            codes::BAD_CREDENTIALS.into(),
            Problem::BadCredentials,
        )
    }

    /// BAK10003: object {0} does not exist.
    pub fn not_found(kind: &str, id: impl std::fmt::Display) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            "BAK10003".into(),
            Problem::NotFound {
                object: format!("{kind} {id}"),
            },
        )
    }

    /// COM10001: a parameter is empty or invalid; `why` goes to debugMessage and subErrors.
    pub fn invalid_param(name: &str, value: &str, why: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            codes::BAD_REQUEST.into(),
            Problem::InvalidParam {
                name: name.to_owned(),
                value: value.to_owned(),
            },
        )
        .with_debug(why)
        .with_field(name, value, why)
    }

    /// COM10010: a start or end time that cannot be read, or an end before the start.
    pub fn bad_time(name: &str, value: &str, why: &str) -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            codes::BAD_TIME.into(),
            Problem::BadTime {
                name: name.to_owned(),
                value: value.to_owned(),
            },
        )
        .with_debug(why)
        .with_field(name, value, why)
    }

    /// An /api path that does not exist: 404 COM10002.
    pub fn no_such_api(method: &str, path: &str) -> Self {
        Self::new(
            StatusCode::NOT_FOUND,
            codes::NO_SUCH_API.into(),
            Problem::NoSuchApi {
                method: method.to_owned(),
                path: path.to_owned(),
            },
        )
    }

    pub fn method_not_allowed(method: &str, path: &str) -> Self {
        Self::new(
            StatusCode::METHOD_NOT_ALLOWED,
            codes::METHOD_NOT_ALLOWED.into(),
            Problem::MethodNotAllowed {
                method: method.to_owned(),
                path: path.to_owned(),
            },
        )
    }

    /// Storage failures and the like; the detail is logged and put in debugMessage.
    pub fn internal(detail: impl std::fmt::Display) -> Self {
        let detail = detail.to_string();
        tracing::error!(%detail, "internal error");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            codes::UNEXPECTED.into(),
            Problem::Internal,
        )
        .with_debug(detail)
    }

    /// 400 (or `status`) for broken rules: the first rule's code and message, every rule in
    /// `subErrors`. `violations` must not be empty.
    pub fn rules(status: StatusCode, object: &str, violations: Vec<Violation>) -> Self {
        let code = violations.first().map_or("BAK10001", |v| v.code);
        let mut e = Self::new(status, code.into(), Problem::Rules(violations));
        e.0.debug = Some(format!("{object} rejected"));
        e.0.object = Some(object.to_owned());
        e
    }

    /// Broken rules name the value the request sent at their field (`rejectedValue`) when
    /// they do not already.
    pub fn with_rejected_from(mut self, body: &serde_json::Value) -> Self {
        if let Problem::Rules(v) = &mut self.0.problem {
            for v in v.iter_mut().filter(|v| v.rejected_value.is_none()) {
                if v.field.is_empty() {
                    continue;
                }
                v.rejected_value = ocp_model::validate::shape::value_at(body, &v.field).cloned();
            }
        }
        self
    }

    /// One broken rule.
    pub fn rule(status: StatusCode, object: &str, v: Violation) -> Self {
        Self::rules(status, object, vec![v])
    }

    /// 400 for a body that cannot be read: `field` is the JSON path where reading stopped.
    pub fn bad_body(field: &str, why: &str) -> Self {
        let (en, zh) = if field.is_empty() || field == "." {
            (
                format!("The request body is not valid JSON: {why}"),
                format!("请求体不是合法的 JSON：{why}"),
            )
        } else {
            (
                format!("Invalid request parameter {field}: {why}"),
                format!("请求参数 {field} 无效：{why}"),
            )
        };
        Self::new(
            StatusCode::BAD_REQUEST,
            codes::BAD_REQUEST.into(),
            Problem::BadBody { en, zh },
        )
        .with_debug(why)
        .with_field(field, "", why)
    }

    pub fn too_large(limit: usize) -> Self {
        Self::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            codes::TOO_LARGE.into(),
            Problem::TooLarge { limit },
        )
    }

    /// 429 for a request over the rate limit: `error.code` 0, as OCP's throttle answers
    /// (ocp-api.md 1.2), the only numeric code the emulator sends.
    pub fn rate_limited(limit: u32, window_secs: u64) -> Self {
        Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::Number(0),
            Problem::RateLimited { limit, window_secs },
        )
    }

    /// A framework refusal that came without an envelope (`status` is 4xx or 5xx): its
    /// status kept, the string code of [`codes::for_status`], `debug` (the framework's own
    /// text) in debugMessage.
    pub fn from_status(status: StatusCode, debug: &str) -> Self {
        let e = Self::new(
            status,
            codes::for_status(status).into(),
            Problem::Status {
                status: status.as_u16(),
            },
        );
        if debug.trim().is_empty() {
            e
        } else {
            e.with_debug(debug.trim())
        }
    }

    /// 403 COM10005: a write from another site.
    pub fn cross_site(origin: Option<&str>, fetch_site: Option<&str>) -> Self {
        let debug = format!(
            "Origin: {}; Sec-Fetch-Site: {}",
            origin.unwrap_or("-"),
            fetch_site.unwrap_or("-")
        );
        Self::new(
            StatusCode::FORBIDDEN,
            codes::WRITE_REFUSED.into(),
            Problem::CrossSite,
        )
        .with_debug(debug)
    }

    /// 403 COM10005: a write without the console's header.
    pub fn no_console_header() -> Self {
        Self::new(
            StatusCode::FORBIDDEN,
            codes::WRITE_REFUSED.into(),
            Problem::NoConsoleHeader,
        )
    }

    /// 415 COM10001: a write that is not JSON.
    pub fn not_json(got: &str) -> Self {
        Self::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            codes::BAD_REQUEST.into(),
            Problem::NotJson {
                got: if got.is_empty() {
                    "no Content-Type".to_owned()
                } else {
                    got.chars().take(100).collect()
                },
            },
        )
    }

    /// 408 COM10001: the body was too slow.
    pub fn body_timeout(secs: u64) -> Self {
        Self::new(
            StatusCode::REQUEST_TIMEOUT,
            codes::BAD_REQUEST.into(),
            Problem::BodyTimeout { secs },
        )
    }

    /// 429 (code 0, as OCP's throttle): locked out after failed sign-ins.
    pub fn sign_in_locked(secs: u64) -> Self {
        Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::Number(0),
            Problem::SignInLocked { secs },
        )
    }

    /// 429 (code 0): another sign-in of the client is being checked.
    pub fn sign_in_busy() -> Self {
        Self::new(
            StatusCode::TOO_MANY_REQUESTS,
            ErrorCode::Number(0),
            Problem::SignInBusy,
        )
    }

    /// 400 COM10001: a proxied path outside `/api/`.
    pub fn bad_path() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            codes::BAD_REQUEST.into(),
            Problem::BadPath,
        )
    }

    /// How long a client should wait before trying again (`Retry-After`), for 429s.
    pub fn retry_after_secs(&self) -> Option<u64> {
        match self.0.problem {
            Problem::SignInLocked { secs } => Some(secs.max(1)),
            Problem::SignInBusy => Some(1),
            _ => None,
        }
    }

    /// A handler that panicked: 500 COM10000, logged.
    pub fn panicked(what: &str) -> Self {
        tracing::error!(panic = what, "a handler panicked");
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            codes::UNEXPECTED.into(),
            Problem::Internal,
        )
        .with_debug(format!("handler panicked: {what}"))
    }

    pub fn body(&self, lang: Lang) -> ErrorBody {
        let mut sub_errors = self.0.sub_errors.clone();
        if let Problem::Rules(v) = &self.0.problem {
            sub_errors.extend(v.iter().map(|v| SubError {
                object: self.0.object.clone(),
                field: Some(v.field.clone()),
                rejected_value: v.rejected_value.clone(),
                message: v.message(lang).to_owned(),
            }));
        }
        // A refused value is sent back as it came, but never a credential in it (a storage
        // path with `access_key=…`, a secret at a wrong place).
        for e in &mut sub_errors {
            if let Some(v) = &mut e.rejected_value {
                let secret_field = e
                    .field
                    .as_deref()
                    .and_then(|f| f.rsplit('.').next())
                    .is_some_and(ocp_model::secrets::is_secret_name);
                match v {
                    serde_json::Value::String(s) if secret_field && !s.is_empty() => {
                        *s = ocp_model::secrets::MASK.to_owned()
                    }
                    _ => ocp_model::secrets::redact_json(v),
                }
            }
        }
        ErrorBody {
            code: self.0.code.clone(),
            message: self.0.problem.message(lang),
            debug_message: self.0.debug.clone(),
            target: None,
            sub_errors,
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut res = self.0.status.into_response();
        if let Some(secs) = self.retry_after_secs() {
            res.headers_mut()
                .insert(axum::http::header::RETRY_AFTER, secs.into());
        }
        res.extensions_mut().insert(self);
        res
    }
}

impl From<crate::db::DbError> for ApiError {
    fn from(e: crate::db::DbError) -> Self {
        ApiError::internal(e)
    }
}
