//! Decoding that bends instead of breaking: real OCPs differ from the reference in fields a page
//! does not need (a flag as a boolean in one version and as text in another, a count as text, a
//! time in a format nobody documented; ocp-api.md 1.6). Such a field is read with
//! [`lenient`]: a value that does not fit becomes "absent" and is reported as a
//! [`FieldWarning`] instead of failing the whole answer.
//!
//! Fields are display-optional by default. A field stays strict (its failure fails the answer)
//! only where a page cannot do its job without it: ids and names, statuses that choose actions
//! or colours, and the times and numbers a page computes with (RPO, durations, windows); each
//! such field says so in a `// strict:` comment.
//!
//! Leniency is on only inside [`decode`], the console's one way of reading an answer. Elsewhere
//! (the emulator reading request bodies) every field is strict, so a bad request is refused.
//!
//! One generic mechanism: a lenient field borrows its raw JSON text ([`RawValue`]) and parses
//! that slice with the same `serde_json` code the strict path uses, so the wasm grows by little
//! more than one small function per distinct field type. The slice's place in the answer gives
//! the JSON path of a warning without a path-tracking deserializer.

use crate::json_path::path_at_offset;
use crate::secrets::redact;
use serde::de::{Deserialize, DeserializeOwned, Deserializer};
use serde_json::value::RawValue;
use std::cell::RefCell;

/// One field of an answer that could not be read and was treated as absent.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FieldWarning {
    /// Where it is in the answer: `data.contents[3].primaryAndStandbyMode`.
    pub path: String,
    /// What the console expected there, in serde's words: `a string`, `an integer`.
    pub expected: String,
    /// What came, as JSON text: shortened to [`FOUND_MAX_CHARS`] and with secrets masked.
    pub found: String,
}

/// How much of an unreadable value a warning keeps.
pub const FOUND_MAX_CHARS: usize = 80;

/// The warnings of the decode under way; `None` outside [`decode`] (strict mode).
struct Session {
    /// The whole answer's address and length, to place a field's raw slice in it.
    start: usize,
    len: usize,
    found: Vec<(usize, String, String)>,
}

thread_local! {
    static SESSION: RefCell<Option<Session>> = const { RefCell::new(None) };
}

/// Decodes `text` as `T`, reading lenient fields leniently. Returns the value and what could
/// not be read, in the order it appears. An essential field that cannot be read fails the decode
/// with `serde_json`'s error (whose line and column [`crate::json_path::path_at`] names).
pub fn decode<T: DeserializeOwned>(
    text: &str,
) -> Result<(T, Vec<FieldWarning>), serde_json::Error> {
    let outer = begin(text);
    let result = serde_json::from_str::<T>(text);
    let warnings = finish(text, outer);
    result.map(|value| (value, warnings))
}

type Outer = Option<Session>;

/// Starts a lenient session over `text`; what was under way before is handed back to
/// [`finish`]. Out of line, as [`finish`] is: the wasm holds one copy, not one per answer type.
#[inline(never)]
fn begin(text: &str) -> Outer {
    let session = Session {
        start: text.as_ptr() as usize,
        len: text.len(),
        found: Vec::new(),
    };
    SESSION.with(|s| s.replace(Some(session)))
}

#[inline(never)]
fn finish(text: &str, outer: Outer) -> Vec<FieldWarning> {
    let session = SESSION.with(|s| s.replace(outer));
    let mut warnings: Vec<FieldWarning> = session
        .map(|s| s.found)
        .unwrap_or_default()
        .into_iter()
        .map(|(offset, expected, found)| FieldWarning {
            path: path_at_offset(text, offset),
            expected,
            found,
        })
        .collect();
    warnings.dedup();
    warnings
}

/// `#[serde(default, deserialize_with = "crate::lenient::lenient")]` on an `Option<T>` field:
/// a value that does not fit `T` reads as `None` and is reported (inside [`decode`]); `null`
/// reads as `None` quietly.
pub fn lenient<'de, D, T>(d: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned,
{
    if !active() {
        return Option::<T>::deserialize(d);
    }
    Ok(read_raw(borrow_raw(d)?))
}

#[inline(never)]
fn active() -> bool {
    SESSION.with(|s| s.borrow().is_some())
}

/// The field's JSON text, borrowed from the answer. Kept out of line: one copy per
/// deserializer, not per field type.
#[inline(never)]
fn borrow_raw<'de, D: Deserializer<'de>>(d: D) -> Result<&'de str, D::Error> {
    <&'de RawValue>::deserialize(d).map(RawValue::get)
}

/// [`lenient`] for fields that are never absent (lists, text): `null` or an unreadable value
/// reads as the default (`[]`, `""`), the latter reported. OCP's Java side writes empty lists
/// as `null`.
pub fn lenient_or_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: DeserializeOwned + Default,
{
    Ok(lenient::<D, T>(d)?.unwrap_or_default())
}

/// Parses one field's raw text; on failure records why and answers `None`. The only generic
/// step is `T::deserialize` on a `serde_json` string deserializer, the very instance the
/// strict path already has, so each field type costs the wasm next to nothing.
fn read_raw<T: DeserializeOwned>(raw: &str) -> Option<T> {
    if raw == "null" {
        return None;
    }
    // Warnings from inside a value that fails as a whole say nothing the outer one does not.
    let mark = mark();
    // `raw` is one whole JSON value, so no end-of-input check is needed.
    match T::deserialize(&mut serde_json::Deserializer::from_str(raw)) {
        Ok(value) => Some(value),
        Err(e) => {
            record(raw, &e, mark);
            None
        }
    }
}

#[inline(never)]
fn mark() -> usize {
    SESSION.with(|s| s.borrow().as_ref().map_or(0, |s| s.found.len()))
}

/// Notes that the field whose raw text is `raw` could not be read, dropping the notes made
/// inside it since `mark`.
#[inline(never)]
fn record(raw: &str, e: &serde_json::Error, mark: usize) {
    SESSION.with(|s| {
        if let Some(session) = s.borrow_mut().as_mut() {
            session.found.truncate(mark);
            let at = raw.as_ptr() as usize;
            let offset = if at >= session.start && at <= session.start + session.len {
                at - session.start
            } else {
                0
            };
            session.found.push((offset, expected_of(e), found_of(raw)));
        }
    });
}

/// `invalid type: boolean `false`, expected a string at line 1 column 5` → `a string`.
fn expected_of(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let text = text.split(" at line ").next().unwrap_or_default();
    let expected = match text.rsplit_once(", expected ") {
        Some((_, expected)) => expected,
        None => text,
    };
    // serde names Rust's number types; a person reads JSON's.
    match expected {
        "u8" | "u16" | "u32" | "u64" | "i8" | "i16" | "i32" | "i64" => "an integer".to_owned(),
        "f32" | "f64" => "a number".to_owned(),
        other => other.to_owned(),
    }
}

fn found_of(raw: &str) -> String {
    let masked = redact(raw.trim());
    if masked.chars().count() > FOUND_MAX_CHARS {
        masked.chars().take(FOUND_MAX_CHARS - 1).collect::<String>() + "…"
    } else {
        masked
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "camelCase")]
    struct Inner {
        id: i64,
        #[serde(default, deserialize_with = "lenient")]
        note: Option<String>,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "camelCase")]
    struct Outer {
        id: i64,
        #[serde(default, deserialize_with = "lenient")]
        mode: Option<String>,
        #[serde(default, deserialize_with = "lenient")]
        count: Option<u32>,
        #[serde(default, deserialize_with = "lenient")]
        inner: Option<Inner>,
        #[serde(default, deserialize_with = "lenient_or_default")]
        tags: Vec<String>,
    }

    #[test]
    fn a_field_that_does_not_fit_reads_as_absent_and_says_where() {
        let text = r#"{"id": 1, "mode": false, "count": "3", "tags": null,
            "inner": {"id": 2, "note": {"x": 1}}}"#;
        let (v, warnings) = decode::<Outer>(text).unwrap();
        assert_eq!(
            v,
            Outer {
                id: 1,
                mode: None,
                count: None,
                inner: Some(Inner { id: 2, note: None }),
                tags: vec![],
            }
        );
        let paths: Vec<_> = warnings.iter().map(|w| w.path.as_str()).collect();
        assert_eq!(paths, ["mode", "count", "inner.note"]);
        assert_eq!(warnings[0].expected, "a string");
        assert_eq!(warnings[0].found, "false");
        assert_eq!(warnings[1].found, "\"3\"");
        assert_eq!(warnings[1].expected, "an integer");
    }

    #[test]
    fn an_essential_field_still_fails() {
        assert!(decode::<Outer>(r#"{"id": "one", "mode": "x"}"#).is_err());
        // Inside a lenient value, the value as a whole goes, with one warning, not two.
        let (v, warnings) =
            decode::<Outer>(r#"{"id": 1, "inner": {"id": "two", "note": 5}}"#).unwrap();
        assert_eq!(v.inner, None);
        assert_eq!(warnings.len(), 1);
        assert_eq!(warnings[0].path, "inner");
    }

    #[test]
    fn outside_decode_every_field_is_strict() {
        assert!(serde_json::from_str::<Outer>(r#"{"id": 1, "mode": false}"#).is_err());
        assert!(serde_json::from_value::<Outer>(serde_json::json!({"id": 1, "count": 3})).is_ok());
        // And decode leaves strict mode behind it.
        let _ = decode::<Outer>(r#"{"id": 1}"#);
        assert!(serde_json::from_str::<Outer>(r#"{"id": 1, "mode": false}"#).is_err());
    }

    #[test]
    fn what_came_is_shortened_and_never_shows_a_secret() {
        let long = "x".repeat(200);
        let text = format!(
            r#"{{"id": 1, "mode": ["{long}"], "count": "oss://b/d?host=h&access_id=AK1&access_key=SECRET1"}}"#
        );
        let (_, warnings) = decode::<Outer>(&text).unwrap();
        assert_eq!(warnings[0].found.chars().count(), FOUND_MAX_CHARS);
        assert!(warnings[0].found.ends_with('…'));
        assert!(
            !warnings[1].found.contains("SECRET1"),
            "{}",
            warnings[1].found
        );
        assert!(!warnings[1].found.contains("AK1"), "{}", warnings[1].found);
    }
}
