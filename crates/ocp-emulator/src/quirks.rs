//! `--quirks`: the wire variants real OCP deployments send (ocp-api.md 1.6), so that a client's
//! leniency is tested against answers that are not the reference's. One response layer
//! rewrites every JSON answer under `/api/**` (emulated mode only; never `/api-docs`, never a
//! request):
//!
//! - the envelope loses [`DROPPED_ENVELOPE_FIELDS`] (success and error envelopes);
//! - every date-time or time-of-day string swaps its offset style, `+08:00` ↔ `+0800` (negative
//!   offsets too; `Z` stays) ([`swap_offset`]);
//! - every JSON object in `data` gains [`UNKNOWN_FIELD`] ([`unknown_value`]), but for maps
//!   keyed by day numbers;
//! - the display-only fields of [`TYPE_DRIFT`] change JSON type wherever they occur in `data`.
//!
//! The Content-Length is that of the rewritten body.

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use serde_json::{json, Value};

/// Envelope fields a real deployment may leave out.
pub const DROPPED_ENVELOPE_FIELDS: &[&str] = &["timestamp", "duration", "traceId", "server"];

/// The field every object in `data` gains.
pub const UNKNOWN_FIELD: &str = "quirkUnknownField";

/// Its value: an object, a list of mixed types, a null.
pub fn unknown_value() -> Value {
    json!({"note": "not in the API reference", "list": [1, "two", null]})
}

/// How a display-only field's JSON type drifts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Drift {
    /// Whatever it was: `false`.
    False,
    /// A number becomes its text: `3` → `"3"`.
    NumberAsText,
    /// A boolean becomes its text: `false` → `"false"`.
    BoolAsText,
    /// Wrapped in an object: `"IDLE"` → `{"value": "IDLE"}`.
    Wrapped,
    /// Whatever it was: the number `0`.
    Zero,
}

/// The fields whose JSON type changes, wherever they occur in `data` (the one table; the
/// README repeats it).
pub const TYPE_DRIFT: &[(&str, Drift)] = &[
    ("primaryAndStandbyMode", Drift::False),
    ("tenantCount", Drift::NumberAsText),
    ("serverCount", Drift::NumberAsText),
    ("compactionStatus", Drift::Wrapped),
    ("secondaryBackupEnabled", Drift::BoolAsText),
    ("schemaVersion", Drift::NumberAsText),
    ("agentServerIp", Drift::Zero),
];

fn drift(d: Drift, v: &mut Value) {
    let new = match (d, &*v) {
        (Drift::False, _) => Value::Bool(false),
        (Drift::NumberAsText, Value::Number(n)) => Value::String(n.to_string()),
        (Drift::BoolAsText, Value::Bool(b)) => Value::String(b.to_string()),
        (Drift::Wrapped, old) => json!({"value": old}),
        (Drift::Zero, _) => json!(0),
        // A null count or flag stays null.
        (Drift::NumberAsText | Drift::BoolAsText, _) => return,
    };
    *v = new;
}

/// `+08:00` ↔ `+0800` at the end of a date-time (`YYYY-MM-DDThh:mm:ss[.fraction]`) or a time of
/// day (`hh:mm:ss[.fraction]`); `None` for anything else, `Z` included.
pub fn swap_offset(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let d = |i: usize| b.get(i).is_some_and(u8::is_ascii_digit);
    let at = |i: usize, c: u8| b.get(i) == Some(&c);
    let date = (0..4).all(d) && at(4, b'-') && d(5) && d(6) && at(7, b'-') && d(8) && d(9);
    let t = if date && at(10, b'T') { 11 } else { 0 };
    let clock = d(t) && d(t + 1) && at(t + 2, b':') && d(t + 3) && d(t + 4) && at(t + 5, b':');
    if !(clock && d(t + 6) && d(t + 7)) {
        return None;
    }
    let mut i = t + 8;
    if at(i, b'.') {
        let n = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if n == 0 {
            return None;
        }
        i += 1 + n;
    }
    if !(at(i, b'+') || at(i, b'-')) {
        return None;
    }
    // Everything up to here is ASCII: the slices below fall on character boundaries.
    let head = &s[..=i];
    let (hh, rest) = (i + 1, b.len() - i - 1);
    if rest == 5 && d(hh) && d(hh + 1) && at(hh + 2, b':') && d(hh + 3) && d(hh + 4) {
        Some(format!("{head}{}{}", &s[hh..hh + 2], &s[hh + 3..]))
    } else if rest == 4 && (hh..hh + 4).all(d) {
        Some(format!("{head}{}:{}", &s[hh..hh + 2], &s[hh + 2..]))
    } else {
        None
    }
}

/// Every string of `v` that is a date-time or time of day, its offset style swapped.
fn swap_times(v: &mut Value) {
    match v {
        Value::String(s) => {
            if let Some(t) = swap_offset(s) {
                *s = t;
            }
        }
        Value::Array(a) => a.iter_mut().for_each(swap_times),
        Value::Object(m) => m.values_mut().for_each(swap_times),
        _ => {}
    }
}

/// The drifts and the unknown field, on every object of `data`.
fn rewrite_data(v: &mut Value) {
    match v {
        Value::Array(a) => a.iter_mut().for_each(rewrite_data),
        // A map keyed by day numbers (`dayAndDataBackupModelMap`) is data, not a record: no
        // OCP adds a field to it.
        Value::Object(m) if !m.is_empty() && m.keys().all(|k| k.parse::<u8>().is_ok()) => {}
        Value::Object(m) => {
            m.values_mut().for_each(rewrite_data);
            for (name, d) in TYPE_DRIFT {
                if let Some(x) = m.get_mut(*name) {
                    drift(*d, x);
                }
            }
            m.insert(UNKNOWN_FIELD.to_owned(), unknown_value());
        }
        _ => {}
    }
}

/// A whole answer (an envelope), rewritten.
pub fn rewrite_value(v: &mut Value) {
    swap_times(v);
    if let Value::Object(m) = v {
        for f in DROPPED_ENVELOPE_FIELDS {
            m.remove(*f);
        }
        if let Some(data) = m.get_mut("data") {
            rewrite_data(data);
        }
    }
}

/// The largest answer rewritten (the emulator's are far smaller).
const MAX_ANSWER: usize = 64 << 20;

/// The middleware, outside the envelope layer of `/api`.
pub async fn rewrite(req: Request, next: Next) -> Response {
    let res = next.run(req).await;
    let json = res
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/json"));
    if !json {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_ANSWER).await {
        Ok(b) => b,
        Err(e) => {
            tracing::error!(error = %e, "quirks: cannot read an answer to rewrite");
            Bytes::new()
        }
    };
    let out = match serde_json::from_slice::<Value>(&bytes) {
        Ok(mut v) => {
            rewrite_value(&mut v);
            serde_json::to_vec(&v).map(Bytes::from).unwrap_or(bytes)
        }
        Err(_) => bytes,
    };
    parts
        .headers
        .insert(CONTENT_LENGTH, HeaderValue::from(out.len()));
    Response::from_parts(parts, Body::from(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_swap_both_ways_and_z_stays() {
        for (a, b) in [
            (
                "2021-09-16T17:25:02.993+0800",
                "2021-09-16T17:25:02.993+08:00",
            ),
            ("2020-11-29T22:23:12+08:00", "2020-11-29T22:23:12+0800"),
            (
                "2021-09-16T02:00:10.986847-03:30",
                "2021-09-16T02:00:10.986847-0330",
            ),
            ("02:00:00.000+08:00", "02:00:00.000+0800"),
            ("23:59:59-1200", "23:59:59-12:00"),
        ] {
            assert_eq!(swap_offset(a).as_deref(), Some(b), "{a}");
            assert_eq!(swap_offset(b).as_deref(), Some(a), "{b}");
        }
        for same in [
            "2024-08-06T00:00:00Z",
            "2024-08-09T08:00:52.151857Z",
            "02:00:00.000Z",
            "2021-09-16",
            "abc+08:00",
            "02:00+08:00",
            "2021-09-16T17:25:02.+0800",
            "2021-09-16T17:25:02.993+08",
            "2021-09-16T17:25:02.993+08:00x",
            "FULL_BACKUP",
            "",
            "ob-prod-hz",
            "1é:00:00+08:00",
            "2021-09-16T1é:00:00+08:00",
            "02:00:00.000+08:0é",
            "é",
        ] {
            assert_eq!(swap_offset(same), None, "{same}");
        }
    }

    #[test]
    fn an_envelope_is_rewritten_as_the_table_says() {
        let mut v = json!({
            "data": {"contents": [{"tenantCount": 3, "serverCount": null, "compactionStatus": "IDLE",
                "primaryAndStandbyMode": "MAXIMUM_PERFORMANCE", "secondaryBackupEnabled": false,
                "schemaVersion": 1234, "agentServerIp": "10.0.0.1",
                "createTime": "2020-11-29T22:23:12+08:00", "zones": [{"name": "zone1"}]}],
                "page": {"number": 1}},
            "successful": true, "status": 200, "timestamp": "2021-09-23T14:49:34.885+08:00",
            "duration": 3, "traceId": "0123456789abcdef", "server": "127.0.0.1"
        });
        rewrite_value(&mut v);
        let u = unknown_value();
        assert_eq!(
            v,
            json!({
                "data": {"contents": [{"tenantCount": "3", "serverCount": null,
                    "compactionStatus": {"value": "IDLE"}, "primaryAndStandbyMode": false,
                    "secondaryBackupEnabled": "false", "schemaVersion": "1234", "agentServerIp": 0,
                    "createTime": "2020-11-29T22:23:12+0800",
                    "zones": [{"name": "zone1", UNKNOWN_FIELD: u}], UNKNOWN_FIELD: u}],
                    "page": {"number": 1, UNKNOWN_FIELD: u}, UNKNOWN_FIELD: u},
                "successful": true, "status": 200
            })
        );
        let mut e = json!({"successful": false, "status": 404, "timestamp": "x", "duration": 1,
            "traceId": "t", "server": "s", "error": {"code": "COM10002", "message": "m"}});
        rewrite_value(&mut e);
        assert_eq!(
            e,
            json!({"successful": false, "status": 404, "error": {"code": "COM10002", "message": "m"}})
        );
    }
}
