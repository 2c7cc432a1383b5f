//! Size budgets (`budgets.toml`), enforced by `cargo xtask test`: by size and count, never by
//! time, so they hold on any machine.

use crate::build::{first_loads, Built};
use crate::{fmt_kb, Result};
use std::collections::BTreeMap;
use std::path::Path;

/// `budgets.toml` as `(section, key) → value`: a small subset of TOML (sections, `key =
/// number`, quoted keys, `#` comments), which is all the file uses.
pub fn read(root: &Path) -> Result<BTreeMap<(String, String), f64>> {
    let path = root.join("budgets.toml");
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut section = String::new();
    let mut out = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = name.trim().to_owned();
            continue;
        }
        let parsed = line.split_once('=').and_then(|(k, v)| {
            let value = v.trim().parse::<f64>().ok()?;
            Some((k.trim().trim_matches('"').to_owned(), value))
        });
        let Some((key, value)) = parsed else {
            return Err(format!(
                "{}:{}: not `key = number`: {line}",
                path.display(),
                n + 1
            ));
        };
        out.insert((section.clone(), key), value);
    }
    Ok(out)
}

/// Fails when a route's first load (gzip) exceeds its budget, or a route has none.
pub fn check_first_loads(root: &Path, built: &Built) -> Result {
    let budgets = read(root)?;
    let dist = root.join("dist");
    let mut over = Vec::new();
    println!("budgets: first load, gzip             measured     budget");
    for (route, gzip, _) in first_loads(&dist, built)? {
        let key = ("first_load_gzip_kib".to_owned(), route.clone());
        let Some(budget_kib) = budgets.get(&key) else {
            over.push(format!(
                "{route}: no budget in budgets.toml [first_load_gzip_kib]"
            ));
            continue;
        };
        let kib = gzip as f64 / 1024.0;
        let mark = if kib <= *budget_kib { "ok" } else { "OVER" };
        println!(
            "  {route:<34} {:>10} {:>10}  {mark}",
            fmt_kb(gzip as usize),
            format!("{budget_kib:.1} KB")
        );
        if kib > *budget_kib {
            over.push(format!(
                "{route}: {kib:.1} KiB gzip > budget {budget_kib:.1} KiB"
            ));
        }
    }
    if over.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "size budget exceeded (budgets.toml):\n  {}",
            over.join("\n  ")
        ))
    }
}
