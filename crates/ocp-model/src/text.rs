//! Characters a person cannot see: control characters, and the Unicode format characters that
//! reorder or hide text (bidi overrides and isolates, zero-width spaces and joiners, the BOM).
//! A name holding one can pass for another (`ob-prod-hz` and `ob-prod-hz` + U+200B); a path
//! holding one is not what it shows.

/// Whether `c` is invisible or changes how the text around it is shown: a control character
/// (C0, DEL, C1) or a format character of [`FORMAT`].
pub fn is_invisible(c: char) -> bool {
    c.is_control() || FORMAT.iter().any(|(lo, hi)| (*lo..=*hi).contains(&c))
}

/// Unicode format characters that hide or reorder text (a practical subset of category Cf):
/// soft hyphen, Arabic letter mark, Mongolian vowel separator, zero-width space / non-joiner /
/// joiner, left-to-right and right-to-left marks, the bidi embeddings and overrides, word
/// joiner and invisible operators, the bidi isolates, the BOM, interlinear annotations, tags.
pub const FORMAT: &[(char, char)] = &[
    ('\u{00AD}', '\u{00AD}'),
    ('\u{061C}', '\u{061C}'),
    ('\u{180E}', '\u{180E}'),
    ('\u{200B}', '\u{200F}'),
    ('\u{202A}', '\u{202E}'),
    ('\u{2060}', '\u{2064}'),
    ('\u{2066}', '\u{206F}'),
    ('\u{FEFF}', '\u{FEFF}'),
    ('\u{FFF9}', '\u{FFFB}'),
    ('\u{E0000}', '\u{E007F}'),
];

/// `s` with every invisible character written out as `\u{…}` (upper-case hex), so that two
/// names that look alike are told apart wherever a name identifies a target:
/// `"ob-prod-hz\u{202E}"` → `ob-prod-hz\u{202E}` (the escape shown as text). Text without
/// such characters is returned unchanged.
pub fn show_invisible(s: &str) -> String {
    if !s.chars().any(is_invisible) {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_invisible(c) {
            out.push_str(&format!("\\u{{{:04X}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// The position (in characters, from 0) and the character of the first invisible one.
pub fn first_invisible(s: &str) -> Option<(usize, char)> {
    s.chars().enumerate().find(|(_, c)| is_invisible(*c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_are_written_out() {
        assert_eq!(show_invisible("ob-prod-hz"), "ob-prod-hz");
        assert_eq!(show_invisible("ob-prod-hz\u{202E}"), "ob-prod-hz\\u{202E}");
        assert_eq!(show_invisible("ob\u{200B}-prod"), "ob\\u{200B}-prod");
        assert_eq!(show_invisible("a\u{0}b\u{7F}"), "a\\u{0000}b\\u{007F}");
        assert_eq!(show_invisible("\u{2067}x\u{2069}"), "\\u{2067}x\\u{2069}");
        assert_eq!(show_invisible("\u{FEFF}天下"), "\\u{FEFF}天下");
        assert_eq!(show_invisible("租户 mysql_01"), "租户 mysql_01");
        assert_eq!(first_invisible("ab\u{202D}c"), Some((2, '\u{202D}')));
        assert_eq!(first_invisible("abc"), None);
        assert!(is_invisible('\n') && is_invisible('\u{E0041}'));
        assert!(!is_invisible(' ') && !is_invisible('é'));
    }
}

/// The start of a body that is not JSON (an HTML error page from OCP or a gateway), as one
/// line of text to show: tags dropped, blanks joined, credentials masked
/// ([`redact`](crate::secrets::redact)), invisible characters written out, at most
/// `max_chars` characters and `…` when cut.
pub fn snippet(body: &str, max_chars: usize) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    let joined = out.split_whitespace().collect::<Vec<_>>().join(" ");
    let shown = show_invisible(&crate::secrets::redact(&joined));
    let mut s: String = shown.chars().take(max_chars).collect();
    if shown.chars().count() > max_chars {
        s.push('…');
    }
    s
}

#[cfg(test)]
mod snippet_tests {
    use super::snippet;

    #[test]
    fn a_page_becomes_one_masked_line() {
        let page = "<html><head><title>502 Bad Gateway</title></head>\n<body><h1>502 Bad Gateway</h1><hr>nginx</body></html>";
        assert_eq!(snippet(page, 160), "502 Bad Gateway 502 Bad Gateway nginx");
        let login = snippet("<p>login?password=hunter2</p><script>x</script>", 160);
        assert!(!login.contains("hunter2"), "{login}");
        assert_eq!(snippet(&"a".repeat(200), 160).chars().count(), 161);
        assert_eq!(snippet("ok", 160), "ok");
    }
}
