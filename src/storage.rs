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
}

pub const KEY_LANG: &str = "obc.lang";
pub const KEY_API_BASE: &str = "obc.apiBase";
pub const KEY_CREDENTIALS: &str = "obc.credentials";
pub const KEY_TIME_DISPLAY: &str = "obc.timeDisplay";
/// Also read by the start script (`xtask/src/start.js`): keep the two in step.
pub const KEY_THEME: &str = "obc.theme";
