//! Names the JSON path at a position in a document (`data.contents[3].status`), so a decode
//! failure can say which field was wrong without a path-tracking deserializer (which would
//! double the decoding code in the wasm).

enum Frame {
    Object {
        key: Option<String>,
        expecting_key: bool,
    },
    Array {
        index: usize,
    },
}

/// The path of the value at 1-based `line`/`column` (as `serde_json::Error` reports them).
pub fn path_at(text: &str, line: usize, column: usize) -> String {
    path_at_offset(text, offset_of(text, line, column))
}

/// The path of the value that starts at byte `stop` of `text`.
pub fn path_at_offset(text: &str, stop: usize) -> String {
    let bytes = text.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < bytes.len() && i < stop {
        match bytes[i] {
            b'{' => stack.push(Frame::Object {
                key: None,
                expecting_key: true,
            }),
            b'[' => stack.push(Frame::Array { index: 0 }),
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { expecting_key, .. }) => *expecting_key = true,
                Some(Frame::Array { index }) => *index += 1,
                None => {}
            },
            b'"' => {
                let start = i + 1;
                i += 1;
                while i < bytes.len() && bytes[i] != b'"' {
                    if bytes[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                if let Some(Frame::Object { key, expecting_key }) = stack.last_mut() {
                    if *expecting_key {
                        *key = Some(text.get(start..i.min(bytes.len())).unwrap_or("").to_owned());
                        *expecting_key = false;
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    let mut path = String::new();
    for frame in &stack {
        match frame {
            Frame::Object { key: Some(k), .. } => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
            }
            Frame::Object { key: None, .. } => {}
            Frame::Array { index } => path.push_str(&format!("[{index}]")),
        }
    }
    path
}

fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut offset = 0;
    for (n, l) in text.split_inclusive('\n').enumerate() {
        if n + 1 == line {
            return offset + column.min(l.len());
        }
        offset += l.len();
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Row {
        id: i64,
        status: String,
    }
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Page {
        contents: Vec<Row>,
    }
    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Env {
        data: Page,
    }

    fn path_of_error(json: &str) -> String {
        let e = serde_json::from_str::<Env>(json).unwrap_err();
        path_at(json, e.line(), e.column())
    }

    #[test]
    fn names_the_field_serde_json_stopped_at() {
        assert_eq!(
            path_of_error(
                r#"{"data":{"contents":[{"id":1,"status":"DONE"},{"id":"x","status":"DONE"}]}}"#
            ),
            "data.contents[1].id"
        );
        assert_eq!(
            path_of_error("{\n  \"data\": {\n    \"contents\": [\n      {\"id\": 1, \"status\": 7}\n    ]\n  }\n}"),
            "data.contents[0].status"
        );
        assert_eq!(
            path_of_error(r#"{"data":{"contents":{"id":1}}}"#),
            "data.contents"
        );
        assert_eq!(
            path_of_error(r#"{"data":{"contents":[{"id":1,"st\"x":1,"status":null}]}}"#),
            "data.contents[0].status"
        );
    }
}
