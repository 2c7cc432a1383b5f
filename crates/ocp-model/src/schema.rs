//! JSON Schemas for the types whose wire form is hand-written (feature `openapi`): open enums
//! (see `open_enum!`), the four date-time styles of ocp-api.md 1.5 and the time of day.
//!
//! The derived schemas of the other types come from `#[cfg_attr(feature = "openapi",
//! derive(schemars::JsonSchema))]` beside their serde derives. The emulator turns them into its
//! OpenAPI document; the wasm console never enables the feature.

use crate::time::{MicroStyle, MilliStyle, OcpTime, SecondStyle, TaskStyle, TimeOfDay};
use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use std::borrow::Cow;

/// An open enum: a string, the known values given as examples. Deliberately not `enum`: a
/// value this crate does not know yet is legal and kept as sent.
pub fn open_enum_schema(known: &[&str]) -> Schema {
    json_schema!({
        "type": "string",
        "description": format!(
            "Known values: {}. Other values may appear (newer OCP versions add them) and are kept as sent.",
            known.join(", ")
        ),
        "examples": known,
    })
}

/// What distinguishes one date-time style in a schema.
struct StyleDoc {
    name: &'static str,
    pattern: &'static str,
    example: &'static str,
    description: &'static str,
}

fn time_schema(doc: &StyleDoc) -> Schema {
    json_schema!({
        "type": "string",
        "pattern": doc.pattern,
        "description": doc.description,
        "examples": [doc.example],
    })
}

const TASK: StyleDoc = StyleDoc {
    name: "TaskTime",
    pattern: r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{4}$",
    example: "2021-09-16T17:25:02.993+0800",
    description: "Date-time of task rows and overview times: milliseconds, offset without a \
                  colon (ocp-api.md 1.5).",
};
const MICRO: StyleDoc = StyleDoc {
    name: "RecoverableTime",
    pattern: r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}[+-]\d{2}:\d{2}$",
    example: "2021-09-16T02:00:10.986847+08:00",
    description: "Date-time of recoverable info: microseconds, offset with a colon.",
};
const SECOND: StyleDoc = StyleDoc {
    name: "CreateTime",
    pattern: r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$",
    example: "2020-11-29T22:23:12+08:00",
    description: "Creation time of clusters and strategies: whole seconds, offset with a colon.",
};
const MILLI: StyleDoc = StyleDoc {
    name: "StampTime",
    pattern: r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$",
    example: "2021-09-23T14:49:34.885+08:00",
    description: "Date-time with milliseconds and an offset with a colon (envelope timestamp, \
                  task instances, request times). Requests may also use the other styles of \
                  ocp-api.md 1.5.",
};

macro_rules! time_style_schema {
    ($style:ty, $doc:expr) => {
        impl JsonSchema for OcpTime<$style> {
            fn schema_name() -> Cow<'static, str> {
                $doc.name.into()
            }
            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                time_schema(&$doc)
            }
        }
    };
}

time_style_schema!(TaskStyle, TASK);
time_style_schema!(MicroStyle, MICRO);
time_style_schema!(SecondStyle, SECOND);
time_style_schema!(MilliStyle, MILLI);

/// `{contents, page}`; `page` is absent in unpaged lists. Written by hand: the derive cannot
/// evaluate `default = "Vec::new"` for a generic row type.
impl<T: JsonSchema> JsonSchema for crate::Paged<T> {
    fn schema_name() -> Cow<'static, str> {
        format!("Paged_{}", T::schema_name()).into()
    }
    fn schema_id() -> Cow<'static, str> {
        format!("ocp_model::Paged<{}>", T::schema_id()).into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "object",
            "required": ["contents"],
            "properties": {
                "contents": { "type": "array", "items": generator.subschema_for::<T>() },
                "page": generator.subschema_for::<crate::PageInfo>(),
            },
        })
    }
}

impl JsonSchema for TimeOfDay {
    fn schema_name() -> Cow<'static, str> {
        "TimeOfDay".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": r"^\d{2}:\d{2}:\d{2}\.\d{3}[+-]\d{2}:\d{2}$",
            "description": "A time of day with its offset (backupScheduleTime, cleanScheduleTime).",
            "examples": ["02:00:00.000+08:00"],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{BackupStrategy, DataBackupTask, StampTime};

    #[test]
    fn open_enums_are_strings_with_examples_not_closed_enums() {
        let s = schemars::schema_for!(crate::BackupMode);
        let v = s.as_value();
        assert_eq!(v["type"], "string");
        assert!(v.get("enum").is_none());
        assert_eq!(
            v["examples"],
            serde_json::json!(["PHYSICAL_BACKUP", "LOGICAL_BACKUP"])
        );
    }

    #[test]
    fn time_patterns_match_what_the_types_write() {
        let t = StampTime::parse("2021-09-16T02:00:10.986847+08:00").unwrap();
        for (doc, wire) in [
            (&TASK, t.restyle::<TaskStyle>().to_wire()),
            (&MICRO, t.restyle::<MicroStyle>().to_wire()),
            (&SECOND, t.restyle::<SecondStyle>().to_wire()),
            (&MILLI, t.to_wire()),
        ] {
            let minus = wire.replacen("+08", "-03", 1);
            assert!(matches_shape(doc.pattern, &minus), "{} {minus}", doc.name);
            assert!(matches_shape(doc.pattern, &wire), "{} {wire}", doc.name);
            assert!(matches_shape(doc.pattern, doc.example), "{}", doc.name);
        }
    }

    fn matches_shape(pattern: &str, s: &str) -> bool {
        regex::Regex::new(pattern).unwrap().is_match(s)
    }

    #[test]
    fn derived_types_refer_to_the_hand_written_ones() {
        let s = schemars::schema_for!(DataBackupTask);
        let text = s.as_value().to_string();
        assert!(text.contains("TaskTime"), "{text}");
        let s = schemars::schema_for!(BackupStrategy);
        let text = s.as_value().to_string();
        assert!(
            text.contains("TimeOfDay") && text.contains("CreateTime"),
            "{text}"
        );
    }
}
