//! Secrets never reach the screen: storage URIs and raw error texts from OceanBase can carry
//! credentials as query parameters (`oss://b/d?host=h&access_id=…&access_key=…`, ocp-api.md
//! 1.6), in `user:password@` URI parts, or as JSON fields (`"accessKeySecret": "…"`).

/// What a masked value is replaced with.
pub const MASK: &str = "******";

/// Whether a parameter or field name names a credential. Case, `_` and `-` are ignored, so
/// `access_key`, `accessKeySecret` and `X-Auth-Token` all match.
pub fn is_secret_name(name: &str) -> bool {
    let key: String = name
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect();
    const PARTS: [&str; 8] = [
        "secret",
        "password",
        "passwd",
        "accesskey",
        "accessid",
        "token",
        "signature",
        "credential",
    ];
    PARTS.iter().any(|p| key.contains(p)) || matches!(key.as_str(), "pwd" | "ak" | "sk")
}

/// `text` with the value of every credential masked: `name=value`, `name: value`,
/// `"name": "value"`, and the password of `scheme://user:password@host`.
pub fn redact(text: &str) -> String {
    mask_userinfo(&mask_named_values(text))
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

fn mask_named_values(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if !is_name_char(chars[i]) || (i > 0 && is_name_char(chars[i - 1])) {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        // A name starts here.
        let start = i;
        while i < chars.len() && is_name_char(chars[i]) {
            i += 1;
        }
        let name: String = chars[start..i].iter().collect();
        out.push_str(&name);
        if !is_secret_name(&name) {
            continue;
        }
        // `"name"` then spaces, `=` or `:`, spaces, and an optional opening quote.
        let mut j = i;
        if chars.get(j) == Some(&'"') {
            j += 1;
        }
        while chars.get(j).is_some_and(|c| *c == ' ') {
            j += 1;
        }
        if !matches!(chars.get(j), Some('=') | Some(':')) {
            continue;
        }
        j += 1;
        while chars.get(j).is_some_and(|c| *c == ' ') {
            j += 1;
        }
        let quoted = chars.get(j) == Some(&'"');
        if quoted {
            j += 1;
        }
        if matches!(chars.get(j), Some('{') | Some('[')) {
            // A nested value: its own names are masked one by one.
            continue;
        }
        let value_start = j;
        while let Some(&c) = chars.get(j) {
            let ends = if quoted {
                c == '"' && chars.get(j.wrapping_sub(1)) != Some(&'\\')
            } else {
                c.is_whitespace() || "&,;)}]'\"".contains(c)
            };
            if ends {
                break;
            }
            j += 1;
        }
        if j == value_start {
            continue;
        }
        out.extend(&chars[i..value_start]);
        out.push_str(MASK);
        i = j;
    }
    out
}

/// `scheme://user:password@host` → `scheme://user:******@host`.
fn mask_userinfo(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(pos) = rest.find("://") {
        let (head, tail) = rest.split_at(pos + 3);
        out.push_str(head);
        let authority_end = tail
            .find(|c: char| c == '/' || c == '?' || c == '#' || c.is_whitespace() || c == '"')
            .unwrap_or(tail.len());
        let authority = &tail[..authority_end];
        match (authority.rfind('@'), authority.find(':')) {
            (Some(at), Some(colon)) if colon < at && colon + 1 < at => {
                out.push_str(&authority[..=colon]);
                out.push_str(MASK);
                out.push_str(&authority[at..]);
            }
            _ => out.push_str(authority),
        }
        rest = &tail[authority_end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_parameters_of_storage_uris() {
        assert_eq!(
            redact(
                "oss://bucket/dir?host=oss-cn.aliyuncs.com&access_id=LTAI5t&access_key=Zx9+/q=="
            ),
            "oss://bucket/dir?host=oss-cn.aliyuncs.com&access_id=******&access_key=******"
        );
        assert_eq!(
            redact("s3://b?host=h&access_id=A&access_key=B&s3_region=us-east-1"),
            "s3://b?host=h&access_id=******&access_key=******&s3_region=us-east-1"
        );
    }

    #[test]
    fn json_fields_and_error_texts() {
        assert_eq!(
            redact(r#"{"endpoint":"e","accessKeyId":"id1","accessKeySecret":"s\"x"}"#),
            r#"{"endpoint":"e","accessKeyId":"******","accessKeySecret":"******"}"#
        );
        assert_eq!(
            redact("ORA-9: open failed, password: hunter2 (user root)"),
            "ORA-9: open failed, password: ****** (user root)"
        );
        assert_eq!(
            redact("mysql://root:hunter2@10.0.0.1:2881/db"),
            "mysql://root:******@10.0.0.1:2881/db"
        );
    }

    #[test]
    fn text_without_secrets_is_unchanged() {
        for s in [
            "file:///obbackup/ob_431/1050/data",
            "backup failed: no space left on device (errno=28)",
            "天下 passwordless 登录",
            "",
        ] {
            assert_eq!(redact(s), s);
        }
        assert!(is_secret_name("X-Auth-Token") && is_secret_name("accessKeySecret"));
        assert!(!is_secret_name("endpoint") && !is_secret_name("host"));
    }
}
