//! In-process helpers: an emulator on a temporary database, driven through `oneshot`.

#![allow(dead_code)]

use axum::body::Body;
use axum::http::{HeaderMap, Request, StatusCode};
use axum::Router;
use base64::Engine;
use chrono::{DateTime, Utc};
use http_body_util::BodyExt;
use ocp_emulator::{router, App};
use serde::de::DeserializeOwned;
use std::path::PathBuf;
use std::sync::Arc;
use tower::ServiceExt;

pub const PASSWORD: &str = "test-pw";

/// Tuesday 2026-11-24 14:35 +08:00.
pub fn origin() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-24T14:35:00.123456+08:00")
        .unwrap()
        .with_timezone(&Utc)
}

pub struct Emu {
    pub router: Router,
    pub app: Arc<App>,
    _dir: tempfile::TempDir,
}

/// A fresh, seeded emulator whose clock is frozen at `origin` (scale 0) unless `scale` says
/// otherwise.
pub fn emu_at(origin: DateTime<Utc>, scale: f64, dist: Option<PathBuf>) -> Emu {
    let dir = tempfile::tempdir().unwrap();
    let app = App::open(
        &dir.path().join("db/emu.sqlite"),
        scale,
        PASSWORD.to_owned(),
        "127.0.0.1".to_owned(),
        origin,
    )
    .unwrap();
    let app = Arc::new(app);
    Emu {
        router: router(app.clone(), dist),
        app,
        _dir: dir,
    }
}

/// [`emu_at`] (frozen) with the console served under `base` (`/ocp/backup`).
pub fn emu_under(base: &str, dist: PathBuf) -> Emu {
    let mut e = emu_at(origin_for_console(), 0.0, None);
    e.router = ocp_emulator::router_at(e.app.clone(), Some(dist), base, "'self'");
    e
}

fn origin_for_console() -> DateTime<Utc> {
    DateTime::from_timestamp(1_780_000_000, 0).unwrap_or_default()
}

/// A fresh, seeded emulator with options (failure rate, seed), frozen at `origin`.
pub fn emu_opts(origin: DateTime<Utc>, opts: ocp_emulator::Options) -> Emu {
    let dir = tempfile::tempdir().unwrap();
    let app = App::open_with(
        &dir.path().join("emu.sqlite"),
        &opts,
        PASSWORD.to_owned(),
        "127.0.0.1".to_owned(),
        origin,
    )
    .unwrap();
    let app = Arc::new(app);
    Emu {
        router: router(app.clone(), None),
        app,
        _dir: dir,
    }
}

impl Emu {
    /// An emulator around an app opened by the test (which keeps the database's directory).
    pub fn from_app(app: Arc<App>, dir: tempfile::TempDir) -> Emu {
        Emu {
            router: router(app.clone(), None),
            app,
            _dir: dir,
        }
    }
}

pub fn emu() -> Emu {
    emu_at(origin(), 0.0, None)
}

pub fn basic(user: &str, pw: &str) -> String {
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{user}:{pw}"))
    )
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
    pub fn data(&self) -> serde_json::Value {
        self.json()["data"].clone()
    }
    /// Decodes the envelope's `data` with a model type.
    pub fn decode<T: DeserializeOwned>(&self) -> T {
        let env: ocp_model::Envelope<T> =
            serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body));
        assert_eq!(env.successful, Some(true), "{}", self.body);
        env.data.expect("data")
    }
    pub fn error_code(&self) -> String {
        let e = &self.json()["error"]["code"];
        e.as_str()
            .map(str::to_owned)
            .unwrap_or_else(|| e.to_string())
    }
}

impl Emu {
    pub async fn request(&self, method: &str, path: &str, headers: &[(&str, &str)]) -> Reply {
        let mut req = Request::builder().method(method).uri(path);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let res = self
            .router
            .clone()
            .oneshot(req.body(Body::empty()).unwrap())
            .await
            .unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    /// An authenticated request with a body (`None`: no body), in `lang` if given.
    pub async fn send(&self, method: &str, path: &str, body: Option<&str>) -> Reply {
        self.send_lang(method, path, body, "en-US").await
    }

    pub async fn send_lang(
        &self,
        method: &str,
        path: &str,
        body: Option<&str>,
        lang: &str,
    ) -> Reply {
        let auth = basic("admin", PASSWORD);
        let req = Request::builder()
            .method(method)
            .uri(path)
            .header("authorization", auth)
            .header("accept-language", lang)
            .header("content-type", "application/json")
            .header("x-obc-console", "1")
            .body(match body {
                Some(b) => Body::from(b.to_owned()),
                None => Body::empty(),
            })
            .unwrap();
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res.into_body().collect().await.unwrap().to_bytes();
        Reply {
            status,
            headers,
            body: String::from_utf8_lossy(&bytes).into_owned(),
        }
    }

    /// Moves the emulated clock (and the world) forward by `d`.
    pub fn advance(&self, d: chrono::Duration) {
        let t = self.app.clock.now() + d;
        self.app.advance_to(t).unwrap();
    }

    /// An authenticated GET.
    pub async fn get(&self, path: &str) -> Reply {
        let auth = basic("admin", PASSWORD);
        self.request("GET", path, &[("authorization", auth.as_str())])
            .await
    }

    /// An authenticated GET that must succeed.
    pub async fn ok(&self, path: &str) -> Reply {
        let r = self.get(path).await;
        assert_eq!(r.status, StatusCode::OK, "{path}: {}", r.body);
        r
    }
}

/// `2021-09-16T17:25:02.993+0800`
pub fn is_task_time(s: &str) -> bool {
    s.len() == 28 && s.as_bytes()[19] == b'.' && s.ends_with("+0800")
}

/// `2021-09-16T02:00:10.986847+08:00`
pub fn is_micro_time(s: &str) -> bool {
    s.len() == 32 && s.as_bytes()[19] == b'.' && s.ends_with("+08:00")
}

/// `2021-09-23T14:49:34.885+08:00`
pub fn is_stamp_time(s: &str) -> bool {
    s.len() == 29 && s.as_bytes()[19] == b'.' && s.ends_with("+08:00")
}

/// `2020-11-29T22:23:12+08:00`
pub fn is_create_time(s: &str) -> bool {
    s.len() == 25 && s.ends_with("+08:00") && !s.contains('.')
}
