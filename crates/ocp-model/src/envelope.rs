//! The success and error envelopes of every OCP response, and its list wrappers (ocp-api.md 1.1–1.3).

use crate::time::StampTime;
use serde::de::{self, DeserializeOwned};
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

/// Reads `null` as the field's default, as for a missing field: OCP's Java side writes
/// empty objects and lists as `null`.
pub(crate) fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// Every OCP response: `data` on success, `error` on failure. Only `data` is read strictly
/// (as its type says); real deployments leave out or retype the rest (ocp-api.md 1.6).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Envelope<T> {
    #[serde(default = "Option::default", skip_serializing_if = "Option::is_none")]
    pub data: Option<T>,
    /// `None` when the server left it out.
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub successful: Option<bool>,
    /// Mirrors the HTTP status; 0 when absent.
    #[serde(default, deserialize_with = "crate::lenient::lenient_or_default")]
    pub status: u16,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub timestamp: Option<StampTime>,
    /// Milliseconds the server spent.
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub duration: Option<u64>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub trace_id: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub server: Option<String>,
    #[serde(
        default,
        deserialize_with = "crate::lenient::lenient",
        skip_serializing_if = "Option::is_none"
    )]
    pub error: Option<ErrorBody>,
}

impl<T> Envelope<T> {
    /// Whether the server reports a failure: an `error`, or `successful: false` (an error
    /// body can be just `{"successful": false}`).
    pub fn is_failure(&self) -> bool {
        self.error.is_some() || self.successful == Some(false)
    }
}

/// `error.code` is a number in OCP's framework and a prefixed string in its docs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(untagged)]
pub enum ErrorCode {
    Number(i64),
    Text(String),
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorCode::Number(n) => write!(f, "{n}"),
            ErrorCode::Text(s) => f.write_str(s),
        }
    }
}

impl From<&str> for ErrorCode {
    fn from(s: &str) -> Self {
        ErrorCode::Text(s.to_owned())
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct ErrorBody {
    // strict: an error is its code (a broken `error` as a whole reads as absent).
    pub code: ErrorCode,
    #[serde(default, deserialize_with = "crate::lenient::lenient_or_default")]
    pub message: String,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub debug_message: Option<String>,
    #[serde(default)]
    pub target: Option<serde_json::Value>,
    #[serde(default, deserialize_with = "crate::lenient::lenient_or_default")]
    pub sub_errors: Vec<SubError>,
}

/// One rejected field of a bad request.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct SubError {
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub object: Option<String>,
    #[serde(default, deserialize_with = "crate::lenient::lenient")]
    pub field: Option<String>,
    #[serde(default)]
    pub rejected_value: Option<serde_json::Value>,
    #[serde(default, deserialize_with = "crate::lenient::lenient_or_default")]
    pub message: String,
}

/// `{contents, page}` for paged lists, `{contents}` for unpaged ones. A bare list where a
/// wrapper was expected reads as an unpaged one.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Paged<T> {
    // strict: the rows are what a list page is for.
    pub contents: Vec<T>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<PageInfo>,
}

impl<'de, T: DeserializeOwned> Deserialize<'de> for Paged<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(rename_all = "camelCase")]
        #[serde(bound = "T: DeserializeOwned")]
        struct Wrapper<T> {
            #[serde(default = "Vec::new", deserialize_with = "null_as_default")]
            contents: Vec<T>,
            #[serde(default, deserialize_with = "crate::lenient::lenient")]
            page: Option<PageInfo>,
        }
        struct Visit<T>(std::marker::PhantomData<T>);
        impl<'de, T: DeserializeOwned> de::Visitor<'de> for Visit<T> {
            type Value = Paged<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list wrapper {contents, page} or a list")
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                // Through `Vec`'s own visitor: the same code that reads `contents`.
                Vec::<T>::deserialize(de::value::SeqAccessDeserializer::new(seq))
                    .map(Paged::unpaged)
            }
            fn visit_map<A: de::MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                let w = Wrapper::<T>::deserialize(de::value::MapAccessDeserializer::new(map))?;
                Ok(Paged {
                    contents: w.contents,
                    page: w.page,
                })
            }
        }
        d.deserialize_any(Visit(std::marker::PhantomData))
    }
}

/// Paging as OCP reports it. `number` is 1-based; `size` may not be what was asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct PageInfo {
    #[serde(default)]
    pub total_elements: u64,
    #[serde(default)]
    pub total_pages: u64,
    #[serde(default)]
    pub number: u64,
    #[serde(default)]
    pub size: u64,
}

/// What a client asks for; `page` is 1-based, `size` at most 2000.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PageRequest {
    pub page: u64,
    pub size: u64,
}

impl PageRequest {
    pub const MAX_SIZE: u64 = 2000;
    pub const DEFAULT_SIZE: u64 = 10;

    /// Clamps a request the way OCP does: page from 1, size 1..=2000, default 10.
    pub fn clamped(page: Option<u64>, size: Option<u64>) -> Self {
        Self {
            page: page.unwrap_or(1).max(1),
            size: size.unwrap_or(Self::DEFAULT_SIZE).clamp(1, Self::MAX_SIZE),
        }
    }

    /// The rows of a page out of `total` rows, as a range to slice with.
    pub fn range(&self, total: usize) -> std::ops::Range<usize> {
        let start = ((self.page - 1).saturating_mul(self.size) as usize).min(total);
        let end = start.saturating_add(self.size as usize).min(total);
        start..end
    }

    pub fn info(&self, total: u64) -> PageInfo {
        PageInfo {
            total_elements: total,
            total_pages: total.div_ceil(self.size),
            number: self.page,
            size: self.size,
        }
    }
}

impl<T> Paged<T> {
    /// Takes one page out of all rows.
    pub fn page_of(all: Vec<T>, request: PageRequest) -> Self {
        let total = all.len();
        let range = request.range(total);
        let contents = all
            .into_iter()
            .skip(range.start)
            .take(range.len())
            .collect();
        Paged {
            contents,
            page: Some(request.info(total as u64)),
        }
    }

    pub fn unpaged(contents: Vec<T>) -> Self {
        Paged {
            contents,
            page: None,
        }
    }
}
