//! The console's two languages. Lives in the model so that rule texts (validation messages,
//! the schedule in plain words) are written once, in both languages, next to the rules.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Zh,
}

impl Lang {
    pub const ALL: [Lang; 2] = [Lang::En, Lang::Zh];

    /// BCP 47 tag: `<html lang>`, `Accept-Language`, the switcher's values.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en-US",
            Lang::Zh => "zh-CN",
        }
    }

    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Zh => "简体中文",
        }
    }

    /// `zh`, `zh-CN`, `zh-Hans-CN` → Chinese; `en*` → English; anything else → none.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let t = tag.trim().to_ascii_lowercase();
        if t.starts_with("zh") {
            Some(Lang::Zh)
        } else if t.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The first language of an `Accept-Language` header we speak; English otherwise.
    pub fn from_accept_language(header: &str) -> Lang {
        header
            .split(',')
            .filter_map(|part| Lang::from_tag(part.split(';').next().unwrap_or("")))
            .next()
            .unwrap_or(Lang::En)
    }

    /// Picks the text in this language.
    pub fn pick<'a>(self, en: &'a str, zh: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Zh => zh,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_and_headers() {
        assert_eq!(Lang::from_tag("zh-Hans-CN"), Some(Lang::Zh));
        assert_eq!(Lang::from_tag("EN-gb"), Some(Lang::En));
        assert_eq!(Lang::from_tag("fr"), None);
        assert_eq!(
            Lang::from_accept_language("fr-FR;q=0.9, zh-CN;q=0.8, en;q=0.5"),
            Lang::Zh
        );
        assert_eq!(Lang::from_accept_language(""), Lang::En);
        assert_eq!(Lang::Zh.pick("a", "b"), "b");
    }
}
