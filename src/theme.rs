//! Light or dark: the system's choice, or the one made in Settings, remembered in
//! localStorage (`obc.theme`) and applied as `data-theme` on `<html>`; `style/theme.css` turns
//! that into the `color-scheme` every `light-dark()` colour follows. The start script applies
//! the remembered choice before the console renders.

use crate::storage::{Store, KEY_THEME};

/// The person's choice of colours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    /// Follow the system's light or dark setting.
    System,
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 3] = [Theme::System, Theme::Light, Theme::Dark];

    /// The stored and `data-theme` value (`system` is stored as no value).
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::System => "system",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    pub fn parse(s: &str) -> Option<Theme> {
        Theme::ALL.into_iter().find(|t| t.as_str() == s)
    }

    /// The remembered choice; the system's when none was made (or storage is denied).
    pub fn remembered() -> Theme {
        Store::Local
            .read(KEY_THEME)
            .as_deref()
            .and_then(Theme::parse)
            .unwrap_or(Theme::System)
    }

    /// Applies it to the page and remembers it.
    pub fn choose(self) {
        let root = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element());
        match self {
            Theme::System => {
                Store::Local.remove(KEY_THEME);
                if let Some(root) = root {
                    let _ = root.remove_attribute("data-theme");
                }
            }
            Theme::Light | Theme::Dark => {
                Store::Local.write(KEY_THEME, self.as_str());
                if let Some(root) = root {
                    let _ = root.set_attribute("data-theme", self.as_str());
                }
            }
        }
    }
}
