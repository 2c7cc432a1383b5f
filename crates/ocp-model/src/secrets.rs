//! Secrets never reach the screen, the clipboard, a URL or storage: storage URIs and raw error
//! texts from OceanBase can carry credentials as query parameters
//! (`oss://b/d?host=h&access_id=…&access_key=…`, ocp-api.md 1.6), in `user:password@` URI
//! parts, as JSON fields (`"accessKeySecret": "…"`), in XML elements, HTTP headers
//! (`Authorization: Basic …`), URL-encoded forms (`access_key%3D…`) or PEM private keys.
//!
//! [`redact`] is the one function every text shown or kept goes through; its cases are the
//! table in the tests. It masks too much rather than too little.

/// What a masked value is replaced with.
pub const MASK: &str = "******";

/// Whether a parameter, field or header name names a credential. Case, `_`, `-` and `.` are
/// ignored, so `access_key`, `accessKeySecret`, `X-Auth-Token`, `api_key`, `Authorization`
/// and `fs.s3a.secret.key` all match.
pub fn is_secret_name(name: &str) -> bool {
    let key = normalized(name);
    const PARTS: [&str; 13] = [
        "secret",
        "password",
        "passwd",
        "accesskey",
        "accessid",
        "token",
        "signature",
        "credential",
        "apikey",
        "privatekey",
        "authorization",
        "cookie",
        "sessionid",
    ];
    PARTS.iter().any(|p| key.contains(p)) || matches!(key.as_str(), "pwd" | "ak" | "sk")
}

fn normalized(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

/// `text` with the value of every credential masked ([`MASK`]): `name=value`, `name: value`,
/// `"name": "value"`, `name='a b'`, `name:` with the value on the next line, JSON inside a JSON
/// string (`\"name\":\"value\"`), URL-encoded (`name%3Dvalue%26…`), `<name>value</name>`,
/// `Authorization: <scheme> value`, the password of `scheme://user:password@host` (also
/// URL-encoded, and `user:password@host` without a scheme), and PEM private keys.
pub fn redact(text: &str) -> String {
    let text = mask_pem_keys(text);
    let text = mask_xml_elements(&text);
    let text = mask_userinfo(&text);
    mask_named_values(&text)
}

/// Whether `text` carries a credential: [`redact`] would change it, or it already holds a
/// [`MASK`] (a value masked on its way in still stood for one).
pub fn has_credentials(text: &str) -> bool {
    text.contains(MASK) || redact(text) != text
}

/// A JSON value with every credential masked: a string under a secret name ([`is_secret_name`])
/// becomes [`MASK`], every other string goes through [`redact`]. For values sent back or shown
/// (`subErrors[].rejectedValue`).
pub fn redact_json(value: &mut serde_json::Value) {
    use serde_json::Value;
    match value {
        Value::String(s) => {
            let r = redact(s);
            if r != *s {
                *s = r;
            }
        }
        Value::Array(items) => items.iter_mut().for_each(redact_json),
        Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                match v {
                    Value::String(s) if is_secret_name(k) && !s.is_empty() => *s = MASK.to_owned(),
                    _ => redact_json(v),
                }
            }
        }
        _ => {}
    }
}

fn is_name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.'
}

/// `%XY` at `i` (two hex digits): its decoded byte.
fn pct_at(chars: &[char], i: usize) -> Option<u8> {
    if chars.get(i) != Some(&'%') {
        return None;
    }
    let hex = |c: Option<&char>| c.and_then(|c| c.to_digit(16));
    Some((hex(chars.get(i + 1))? * 16 + hex(chars.get(i + 2))?) as u8)
}

fn starts_with(chars: &[char], i: usize, s: &str) -> bool {
    let rest = chars.get(i..).unwrap_or_default();
    rest.len() >= s.chars().count() && rest.iter().zip(s.chars()).all(|(a, b)| *a == b)
}

/// How a value is quoted.
#[derive(Clone, Copy, PartialEq)]
enum Quote {
    None,
    /// `"` or `'`.
    Plain(char),
    /// `\"` (JSON inside a JSON string).
    Escaped,
    /// `%22` or `%27`.
    Encoded(u8),
}

/// A quote opening or closing at `i`, and its length.
fn quote_at(chars: &[char], i: usize) -> Option<(Quote, usize)> {
    match chars.get(i) {
        Some(&c @ ('"' | '\'')) => Some((Quote::Plain(c), 1)),
        Some('\\') if chars.get(i + 1) == Some(&'"') => Some((Quote::Escaped, 2)),
        Some('%') => match pct_at(chars, i) {
            Some(b @ (b'"' | b'\'')) => Some((Quote::Encoded(b), 3)),
            _ => None,
        },
        _ => None,
    }
}

/// Spaces, tabs and line breaks, real or written as `\n`, `\r`, `\t` (JSON-escaped text).
fn skip_blank(chars: &[char], mut j: usize, newlines: bool) -> usize {
    loop {
        match chars.get(j) {
            Some(' ' | '\t') => j += 1,
            Some('\n' | '\r') if newlines => j += 1,
            Some('\\') if newlines && matches!(chars.get(j + 1), Some('n' | 'r' | 't')) => j += 2,
            _ => return j,
        }
    }
}

/// A separator between a name and its value at `j` (`=`, `=>`, `:`, `%3D`, `%3A`): its length.
fn separator_at(chars: &[char], j: usize) -> Option<usize> {
    match chars.get(j) {
        Some('=') if chars.get(j + 1) == Some(&'>') => Some(2),
        Some('=' | ':') => Some(1),
        Some('%') => matches!(pct_at(chars, j), Some(b'=' | b':')).then_some(3),
        _ => None,
    }
}

/// Where an unquoted value ends.
fn ends_unquoted(chars: &[char], j: usize) -> bool {
    let c = chars[j];
    c.is_whitespace()
        || "&,;)}]'\"<>\\".contains(c)
        || matches!(
            pct_at(chars, j),
            Some(b'&' | b'"' | b'\'' | b',' | b';' | b' ')
        )
}

/// Where a quoted value ends (the index of its closing quote, or of the line's end).
fn quoted_end(chars: &[char], mut j: usize, q: Quote) -> usize {
    while let Some(&c) = chars.get(j) {
        let closes = match q {
            Quote::Plain(qc) => {
                c == qc && chars[..j].iter().rev().take_while(|c| **c == '\\').count() % 2 == 0
            }
            Quote::Escaped => c == '\\' && chars.get(j + 1) == Some(&'"'),
            Quote::Encoded(b) => pct_at(chars, j) == Some(b),
            Quote::None => false,
        };
        if closes || c == '\n' || c == '\r' {
            return j;
        }
        j += 1;
    }
    j
}

fn mask_named_values(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    // Whether the character before `i` continues a name (a name starts after anything else,
    // `%26` included).
    let mut in_name = false;
    while i < chars.len() {
        if let Some(_b) = pct_at(&chars, i) {
            out.extend(&chars[i..i + 3]);
            i += 3;
            in_name = false;
            continue;
        }
        if !is_name_char(chars[i]) || in_name {
            in_name = is_name_char(chars[i]);
            out.push(chars[i]);
            i += 1;
            continue;
        }
        // A name starts here.
        let start = i;
        while i < chars.len() && is_name_char(chars[i]) && pct_at(&chars, i).is_none() {
            i += 1;
        }
        let name: String = chars[start..i].iter().collect();
        out.push_str(&name);
        in_name = false;
        if !is_secret_name(name.trim_end_matches('.')) {
            continue;
        }
        // The name's closing quote, spaces, the separator, blanks (line breaks too), and the
        // value's opening quote.
        let mut j = i;
        if let Some((_, n)) = quote_at(&chars, j) {
            j += n;
        }
        j = skip_blank(&chars, j, false);
        let Some(n) = separator_at(&chars, j) else {
            continue;
        };
        j = skip_blank(&chars, j + n, true);
        let (quote, n) = quote_at(&chars, j).unwrap_or((Quote::None, 0));
        j += n;
        if matches!(chars.get(j), Some('{') | Some('[')) {
            // A nested value: its own names are masked one by one.
            continue;
        }
        let key = normalized(&name);
        let whole_line = key.contains("cookie");
        // `Authorization: Basic …`: the scheme stays, what follows it goes.
        if key.contains("authorization") {
            let word_end = (j..chars.len())
                .find(|&k| !(chars[k].is_ascii_alphanumeric() || chars[k] == '-'))
                .unwrap_or(chars.len());
            if word_end > j && chars.get(word_end) == Some(&' ') {
                j = word_end + 1;
            }
        }
        if starts_with(&chars, j, MASK) {
            // Masked already (`ak:******@bucket`): what follows is not the secret.
            continue;
        }
        let value_start = j;
        if quote != Quote::None {
            j = quoted_end(&chars, j, quote);
        } else if whole_line || key.contains("authorization") {
            while chars
                .get(j)
                .is_some_and(|c| *c != '\n' && *c != '\r' && *c != '"')
            {
                j += 1;
            }
        } else {
            while j < chars.len() && !ends_unquoted(&chars, j) {
                j += 1;
            }
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

/// `<accessKeySecret>…</accessKeySecret>` (any secret name, attributes allowed, namespace
/// prefixes ignored): the text inside masked.
fn mask_xml_elements(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('<') {
        let (head, tail) = rest.split_at(open);
        out.push_str(head);
        let Some(close) = tail.find('>') else {
            out.push_str(tail);
            return out;
        };
        let tag = &tail[1..close];
        let name = tag
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or("");
        let local = name.rsplit(':').next().unwrap_or(name);
        out.push_str(&tail[..=close]);
        rest = &tail[close + 1..];
        if name.is_empty() || tag.ends_with('/') || !is_secret_name(local) {
            continue;
        }
        let end_tag = format!("</{name}");
        if let Some(end) = rest.find(&end_tag) {
            if end > 0 && !rest[..end].contains('<') {
                out.push_str(MASK);
                rest = &rest[end..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The body of a PEM private key (`-----BEGIN … PRIVATE KEY-----` … `-----END`) masked.
fn mask_pem_keys(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(begin) = rest.find("-----BEGIN ") {
        let after = &rest[begin + 11..];
        let Some(label_end) = after.find("-----") else {
            break;
        };
        let label = &after[..label_end];
        let body_start = begin + 11 + label_end + 5;
        out.push_str(&rest[..body_start]);
        rest = &rest[body_start..];
        if label.contains("PRIVATE KEY") {
            let end = rest.find("-----END").unwrap_or(rest.len());
            if end > 0 {
                out.push_str(MASK);
            }
            rest = &rest[end..];
        }
    }
    out.push_str(rest);
    out
}

/// The password of a URI's user information masked: `scheme://user:password@host`, the same
/// URL-encoded (`scheme%3A%2F%2Fuser%3Apassword%40host`), and `user:password@host` standing
/// alone (a storage path typed without its scheme: `ak:sk@bucket/dir`).
fn mask_userinfo(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    // Where the current token (after a blank, a quote, `(`, `=` or `,`) started.
    let mut token_start = true;
    while i < chars.len() {
        let encoded = starts_with_ci(&chars, i, "%3A%2F%2F");
        let plain = starts_with(&chars, i, "://");
        if plain || encoded {
            let n = if plain { 3 } else { 9 };
            out.extend(&chars[i..i + n]);
            i += n;
            let end = authority_end(&chars, i, encoded);
            mask_authority(&chars[i..end], encoded, &mut out);
            i = end;
            token_start = false;
            continue;
        }
        if token_start && !is_token_break(chars[i]) {
            let end = authority_end(&chars, i, false);
            let token = &chars[i..end];
            // Only `user:password@host`: no scheme before it, a host after it.
            if token.contains(&'@') && !token.contains(&'/') {
                mask_authority(token, false, &mut out);
                i = end;
                token_start = false;
                continue;
            }
            if let Some(slash) = (i..end).find(|&k| chars[k] == '/') {
                let head = &chars[i..slash];
                if head.contains(&'@') && head.contains(&':') {
                    mask_authority(head, false, &mut out);
                    i = slash;
                    token_start = false;
                    continue;
                }
            }
        }
        token_start = is_token_break(chars[i]);
        out.push(chars[i]);
        i += 1;
    }
    out
}

fn is_token_break(c: char) -> bool {
    c.is_whitespace() || "\"'(=,;<>[{".contains(c)
}

fn starts_with_ci(chars: &[char], i: usize, s: &str) -> bool {
    let rest = chars.get(i..).unwrap_or_default();
    rest.len() >= s.chars().count()
        && rest
            .iter()
            .zip(s.chars())
            .all(|(a, b)| a.eq_ignore_ascii_case(&b))
}

/// Where an authority starting at `i` ends: `/`, `?`, `#`, a blank, a quote or a bracket
/// (their encoded forms too when `encoded`).
fn authority_end(chars: &[char], mut i: usize, encoded: bool) -> usize {
    while let Some(&c) = chars.get(i) {
        if c == '/' || c == '?' || c == '#' || c.is_whitespace() || "\"'<>\\()&".contains(c) {
            break;
        }
        if encoded && matches!(pct_at(chars, i), Some(b'/' | b'?' | b'#' | b'&')) {
            break;
        }
        i += 1;
    }
    i
}

/// `user:password@host` → `user:******@host` (`%3A` and `%40` when `encoded`); anything
/// else is copied.
fn mask_authority(auth: &[char], encoded: bool, out: &mut String) {
    let at = if encoded {
        (0..auth.len())
            .rev()
            .find(|&k| pct_at(auth, k) == Some(b'@'))
    } else {
        auth.iter().rposition(|c| *c == '@')
    };
    let colon = if encoded {
        (0..auth.len()).find(|&k| pct_at(auth, k) == Some(b':'))
    } else {
        auth.iter().position(|c| *c == ':')
    };
    let sep = if encoded { 3 } else { 1 };
    match (colon, at) {
        (Some(colon), Some(at)) if colon + sep < at && colon > 0 => {
            out.extend(&auth[..colon + sep]);
            out.push_str(MASK);
            out.extend(&auth[at..]);
        }
        _ => out.extend(auth),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The masking table: each text as it may come from OCP, OceanBase, a gateway or a
    /// person, and what may be shown, copied or kept of it.
    const TABLE: &[(&str, &str)] = &[
        // Storage URIs' query parameters.
        (
            "oss://bucket/dir?host=oss-cn.aliyuncs.com&access_id=LTAI5t&access_key=Zx9+/q==",
            "oss://bucket/dir?host=oss-cn.aliyuncs.com&access_id=******&access_key=******",
        ),
        (
            "s3://b?host=h&access_id=A&access_key=B&s3_region=us-east-1",
            "s3://b?host=h&access_id=******&access_key=******&s3_region=us-east-1",
        ),
        ("bucket/dir?access_key=AK1", "bucket/dir?access_key=******"),
        // JSON fields, escaped quotes inside.
        (
            r#"{"endpoint":"e","accessKeyId":"id1","accessKeySecret":"s\"x"}"#,
            r#"{"endpoint":"e","accessKeyId":"******","accessKeySecret":"******"}"#,
        ),
        (r#"{"password": "a b c"}"#, r#"{"password": "******"}"#),
        // JSON inside a JSON string (a copied report, a log line).
        (
            r#"{\"accessKeySecret\":\"abc def\",\"x\":1}"#,
            r#"{\"accessKeySecret\":\"******\",\"x\":1}"#,
        ),
        // Quoted values, single and double, with spaces.
        (
            "password='hunter 2' user=root",
            "password='******' user=root",
        ),
        (r#"passwd="p a s s" ok"#, r#"passwd="******" ok"#),
        // Free text.
        (
            "ORA-9: open failed, password: hunter2 (user root)",
            "ORA-9: open failed, password: ****** (user root)",
        ),
        ("secret => 's3'", "secret => '******'"),
        // Values split from their names by a line break, real or JSON-escaped.
        (
            "password:\n    hunter2\nnext",
            "password:\n    ******\nnext",
        ),
        ("access_key=\r\nAK77 tail", "access_key=\r\n****** tail"),
        (r"password:\nhunter2", r"password:\n******"),
        // XML.
        (
            "<Config><AccessKeySecret>abc/def+1</AccessKeySecret><Bucket>b</Bucket></Config>",
            "<Config><AccessKeySecret>******</AccessKeySecret><Bucket>b</Bucket></Config>",
        ),
        (
            r#"<ns:password type="x">pw</ns:password>"#,
            r#"<ns:password type="x">******</ns:password>"#,
        ),
        // HTTP headers.
        (
            "Authorization: Basic YWRtaW46aHVudGVyMg==\nHost: ocp",
            "Authorization: Basic ******\nHost: ocp",
        ),
        (
            "authorization: OCP-ACCESS-KEY-HMACSHA1 AK1:c2ln",
            "authorization: OCP-ACCESS-KEY-HMACSHA1 ******",
        ),
        (
            r#"{"Authorization":"Bearer eyJ.x.y"}"#,
            r#"{"Authorization":"Bearer ******"}"#,
        ),
        (
            "Cookie: JSESSIONID=abc; lang=en\nX: 1",
            "Cookie: ******\nX: 1",
        ),
        // API keys, other spellings.
        ("api_key=k-123&x=1", "api_key=******&x=1"),
        ("X-Api-Key: k-123", "X-Api-Key: ******"),
        ("fs.s3a.secret.key=abc", "fs.s3a.secret.key=******"),
        // URL-encoded forms and URIs.
        (
            "path=oss%3A%2F%2Fb%2Fd%3Fhost%3Dh%26access_key%3DSECRET%26x%3D1",
            "path=oss%3A%2F%2Fb%2Fd%3Fhost%3Dh%26access_key%3D******%26x%3D1",
        ),
        (
            "user=admin&password=p%40ss&go=1",
            "user=admin&password=******&go=1",
        ),
        (
            "u=mysql%3A%2F%2Froot%3Ahunter2%40db%2Fx",
            "u=mysql%3A%2F%2Froot%3A******%40db%2Fx",
        ),
        // User information of URIs, with and without a scheme.
        (
            "mysql://root:hunter2@10.0.0.1:2881/db",
            "mysql://root:******@10.0.0.1:2881/db",
        ),
        ("ak:sk@bucket/dir", "ak:******@bucket/dir"),
        ("path ak77:sk99@bucket", "path ak77:******@bucket"),
        // PEM private keys.
        (
            "-----BEGIN RSA PRIVATE KEY-----\nMIIB\nxyz\n-----END RSA PRIVATE KEY-----",
            "-----BEGIN RSA PRIVATE KEY-----******-----END RSA PRIVATE KEY-----",
        ),
        // Idempotent: masked text stays as it is.
        (
            "access_key=******&x=ak:******@b",
            "access_key=******&x=ak:******@b",
        ),
    ];

    #[test]
    fn the_masking_table() {
        for (input, want) in TABLE {
            assert_eq!(redact(input), *want, "redact({input:?})");
            assert_eq!(redact(want), *want, "masked text changed: {want:?}");
            assert!(has_credentials(input), "{input:?}");
        }
    }

    #[test]
    fn text_without_secrets_is_unchanged() {
        for s in [
            "file:///obbackup/ob_431/1050/data",
            "backup failed: no space left on device (errno=28)",
            "天下 passwordless 登录",
            "Wrong password. Try again",
            "user 'root'@'10.0.0.1' denied",
            "contact admin@example.com at 10:30",
            "/obbackup/",
            "bucket/dir?host=oss-cn-hangzhou.aliyuncs.com",
            "2021-09-16T17:25:02.993+0800",
            "<b>bold</b> &amp; <password/> text",
            "",
        ] {
            assert_eq!(redact(s), s);
            assert!(!has_credentials(s), "{s:?}");
        }
        assert!(is_secret_name("X-Auth-Token") && is_secret_name("accessKeySecret"));
        assert!(is_secret_name("api_key") && is_secret_name("Authorization"));
        assert!(!is_secret_name("endpoint") && !is_secret_name("host"));
    }

    #[test]
    fn json_values_are_masked_by_name_and_by_text() {
        let mut v = serde_json::json!({
            "storageUrl": "bucket/d?access_key=AK1",
            "ossAccessKey": {"accessKeyId": "AKID", "accessKeySecret": "S", "endpoint": "e"},
            "list": ["password: x", 3, null],
            "token": "",
        });
        redact_json(&mut v);
        assert_eq!(
            v,
            serde_json::json!({
                "storageUrl": "bucket/d?access_key=******",
                "ossAccessKey": {"accessKeyId": "******", "accessKeySecret": "******", "endpoint": "e"},
                "list": ["password: ******", 3, null],
                "token": "",
            })
        );
    }
}
