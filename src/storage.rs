//! Browser storage that never throws: private modes and embeds may deny it, and then the
//! console simply forgets between reloads instead of failing.

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

/// Where a value lives: `Local` survives the browser, `Session` only this tab.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Store {
    Local,
    Session,
}

impl Store {
    fn get(self) -> Option<web_sys::Storage> {
        match self {
            Store::Local => local(),
            Store::Session => session(),
        }
    }

    pub fn read(self, key: &str) -> Option<String> {
        self.get()?.get_item(key).ok()?
    }

    pub fn write(self, key: &str, value: &str) {
        if let Some(s) = self.get() {
            let _ = s.set_item(key, value);
        }
    }

    pub fn remove(self, key: &str) {
        if let Some(s) = self.get() {
            let _ = s.remove_item(key);
        }
    }

    /// Removes every key starting with `prefix`.
    pub fn remove_prefixed(self, prefix: &str) {
        let Some(s) = self.get() else {
            return;
        };
        let n = s.length().unwrap_or(0);
        let keys: Vec<String> = (0..n)
            .filter_map(|i| s.key(i).ok().flatten())
            .filter(|k| k.starts_with(prefix))
            .collect();
        for k in keys {
            let _ = s.remove_item(&k);
        }
    }
}

pub const KEY_LANG: &str = "obc.lang";
pub const KEY_API_BASE: &str = "obc.apiBase";
/// The signed-in user of this tab (sessionStorage); removed on sign-out.
pub const KEY_CREDENTIALS: &str = "obc.credentials";
/// The prefixes of the drafts pages keep (`obc.strategyDraft.<cluster>[.<tenant>]`,
/// `obc.restore.draft.<cluster>`, `obc.restore.<cluster>.…`): signing out removes them all.
pub const DRAFT_PREFIXES: [&str; 2] = ["obc.strategyDraft.", "obc.restore."];
pub const KEY_TIME_DISPLAY: &str = "obc.timeDisplay";
/// Also read by the start script (`xtask/src/start.js`): keep the two in step.
pub const KEY_THEME: &str = "obc.theme";
