//! `cargo xtask build`: the console's release build into `dist/`, every page its own wasm chunk.
//!
//! Trunk cannot split a wasm module (trunk#… "Support wasm splitting" is open), so the steps
//! cargo-leptos runs for `--split` are run here:
//! 1. `cargo rustc --release --target wasm32-unknown-unknown --features split`, linked with
//!    `--emit-relocs`;
//! 2. wasm-split (the `wasm_split_cli_support` library) cuts the module at the split points
//!    that `chunk::page_chunk!` marks: a main module, one module per page, shared chunks, and
//!    `__wasm_split.js`, which fetches them;
//! 3. wasm-bindgen `--target web --keep-lld-exports --no-demangle` on the main module;
//! 4. wasm-opt -Oz on the main module and every chunk;
//! 5. content-hashed names, one CSS file, `index.html` from the template at the root, a small
//!    `start-*.js` (no inline script, for a strict CSP) that starts the app, retries, and says
//!    so when it cannot start; `.gz` and `.br` beside every text and wasm file.
//!
//! `--single` skips step 2 (one module, as before the split) for comparison.

use crate::{fmt_kb, fmt_secs, run, target_dir, Result, WASM_TARGET};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

const BIN: &str = "ob-backup-console";
/// The split runtime's file name as the main module imports it (wasm-split's default).
const SPLIT_JS: &str = "__wasm_split.js";

/// What a build wrote: the files every visit downloads, and each page's own.
pub struct Built {
    /// index.html, the start script, the JS glue, the split runtime, the main wasm, the CSS.
    pub common: Vec<String>,
    /// Route pattern (`/clusters/:id/tasks`) → the chunk files a first visit to it adds.
    pub routes: BTreeMap<String, Vec<String>>,
}

pub fn build_console(root: &Path, single: bool) -> Result<Built> {
    let template = std::fs::read_to_string(root.join("index.html"))
        .map_err(|e| format!("index.html: {e}: there is no console to build"))?;
    let started = Instant::now();
    let mut cargo = Command::new("cargo");
    cargo.args(["rustc", "--release", "--target", WASM_TARGET, "--bin", BIN]);
    if !single {
        // wasm-split reads the linker's relocations to move code between modules.
        cargo.args(["--features", "split", "--", "-Clink-args=--emit-relocs"]);
    }
    println!("build: {}", crate::describe(&cargo));
    run(&mut cargo)?;
    let target = target_dir(root);
    let input = target
        .join(WASM_TARGET)
        .join("release")
        .join(format!("{BIN}.wasm"));
    let work = target.join("console-build");
    let dist = root.join("dist");

    // Nothing changed since the last build (the same wasm, template, CSS, start script): keep
    // dist/, as `serve` and `test` build again and the steps below take minutes.
    let stamp = build_stamp(root, &template, &input, single)?;
    let stamp_file = work.join("stamp");
    if let Some(built) = std::fs::read_to_string(&stamp_file)
        .ok()
        .and_then(|saved| Built::restore(&saved, &stamp))
        .filter(|_| dist.join("index.html").exists())
    {
        println!("build: dist/ is up to date");
        print_first_load(&dist, &built)?;
        return Ok(built);
    }
    let _ = std::fs::remove_dir_all(&work);
    let split_dir = work.join("split");
    std::fs::create_dir_all(&split_dir).map_err(|e| format!("{}: {e}", split_dir.display()))?;

    // 2. Split.
    let main_in = split_dir.join("main.wasm");
    let mut prefetch: BTreeMap<String, Vec<String>> = BTreeMap::new();
    if single {
        copy(&input, &main_in)?;
    } else {
        println!("build: wasm-split");
        let wasm = read(&input)?;
        let main_module = format!("./{BIN}.js");
        let mut opts = wasm_split_cli_support::Options::new(&wasm);
        opts.output_dir = &split_dir;
        opts.main_out_path = &main_in;
        opts.main_module = &main_module;
        opts.target.web();
        let split =
            wasm_split_cli_support::transform(opts).map_err(|e| format!("wasm-split: {e:?}"))?;
        prefetch.extend(split.prefetch_map);
    }

    // 3. wasm-bindgen on the main module.
    let out = work.join("out");
    let mut bindgen = Command::new("wasm-bindgen");
    bindgen.arg(&main_in).arg("--out-dir").arg(&out).args([
        "--out-name",
        BIN,
        "--target",
        "web",
        "--no-typescript",
    ]);
    if !single {
        bindgen.args(["--keep-lld-exports", "--no-demangle"]);
    }
    run(&mut bindgen)?;
    if !single {
        copy(&split_dir.join(SPLIT_JS), &out.join(SPLIT_JS))?;
    }

    // 4. wasm-opt every module.
    let mut modules = vec![(format!("{BIN}_bg.wasm"), out.join(format!("{BIN}_bg.wasm")))];
    for stem in prefetch.values().flatten() {
        let name = format!("{stem}.wasm");
        if !modules.iter().any(|(n, _)| *n == name) {
            modules.push((name.clone(), split_dir.join(&name)));
        }
    }
    println!("build: wasm-opt -Oz on {} module(s)", modules.len());
    wasm_opt_all(&modules, &out)?;

    // 5. dist/.
    let _ = std::fs::remove_dir_all(&dist);
    std::fs::create_dir_all(&dist).map_err(|e| format!("{}: {e}", dist.display()))?;
    let built = emit_dist(root, &template, &out, &dist, &modules, &prefetch, single)?;
    let written = precompress(&dist)?;
    println!(
        "build: dist/ ready in {} ({written} files precompressed, .gz and .br)",
        fmt_secs(started.elapsed().as_secs_f64())
    );
    print_first_load(&dist, &built)?;
    write(&stamp_file, built.save(&stamp).as_bytes())?;
    Ok(built)
}

/// `wasm-opt -Oz` on every module, two at a time; its output only when it fails (it warns
/// about name subsections it does not know on every chunk).
fn wasm_opt_all(modules: &[(String, PathBuf)], out: &Path) -> Result {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get().clamp(1, 4));
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| -> Result {
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                        let Some((name, path)) = modules.get(i) else {
                            return Ok(());
                        };
                        let mut c = Command::new("wasm-opt");
                        c.arg(path)
                            .args([
                                "-Oz",
                                "--enable-bulk-memory",
                                "--enable-nontrapping-float-to-int",
                            ])
                            .args(["--enable-sign-ext", "--enable-reference-types"])
                            .args(["--enable-mutable-globals", "--enable-multivalue", "-o"])
                            .arg(out.join(name));
                        let done = c
                            .output()
                            .map_err(|e| format!("cannot start {}: {e}", crate::describe(&c)))?;
                        if !done.status.success() {
                            return Err(format!(
                                "`{}` failed ({}):\n{}",
                                crate::describe(&c),
                                done.status,
                                String::from_utf8_lossy(&done.stderr)
                            ));
                        }
                    }
                })
            })
            .collect();
        handles.into_iter().try_for_each(|h| {
            h.join()
                .unwrap_or_else(|_| Err("a wasm-opt worker stopped".into()))
        })
    })
}

/// What the output depends on besides the wasm: the template, the files it links, the start
/// script and failure page, the routes.
fn build_stamp(root: &Path, template: &str, wasm: &Path, single: bool) -> Result<String> {
    let mut parts: Vec<Vec<u8>> = vec![
        read(wasm)?,
        template.as_bytes().to_vec(),
        include_str!("start.js").as_bytes().to_vec(),
        include_str!("start-failed.html").as_bytes().to_vec(),
        read(&root.join("src/app.rs"))?,
        vec![u8::from(single)],
    ];
    for line in template
        .lines()
        .filter(|l| l.trim().starts_with("<link data-trunk"))
    {
        if let Ok(href) = attr(line.trim(), "href") {
            parts.push(read(&root.join(href))?);
        }
    }
    let refs: Vec<&[u8]> = parts.iter().map(|p| p.as_slice()).collect();
    Ok(hashed_name("stamp", &refs))
}

impl Built {
    /// Lines: the stamp, `common NAME`…, `route PATTERN FILE…`.
    fn save(&self, stamp: &str) -> String {
        let mut s = format!("{stamp}\n");
        for f in &self.common {
            let _ = writeln!(s, "common {f}");
        }
        for (route, files) in &self.routes {
            let _ = writeln!(s, "route {route} {}", files.join(" "));
        }
        s
    }

    fn restore(saved: &str, stamp: &str) -> Option<Built> {
        let mut lines = saved.lines();
        if lines.next()? != stamp {
            return None;
        }
        let mut built = Built {
            common: Vec::new(),
            routes: BTreeMap::new(),
        };
        for line in lines {
            let mut words = line.split(' ');
            match words.next()? {
                "common" => built.common.push(words.next()?.to_owned()),
                "route" => {
                    let route = words.next()?.to_owned();
                    built
                        .routes
                        .insert(route, words.map(str::to_owned).collect());
                }
                _ => return None,
            }
        }
        Some(built)
    }
}

/// Renames to content-hashed names, rewriting the references between files, and writes
/// index.html.
fn emit_dist(
    root: &Path,
    template: &str,
    out: &Path,
    dist: &Path,
    modules: &[(String, PathBuf)],
    prefetch: &BTreeMap<String, Vec<String>>,
    single: bool,
) -> Result<Built> {
    // Wasm files first: nothing inside them names another file.
    let mut renamed: BTreeMap<String, String> = BTreeMap::new();
    for (name, _) in modules {
        let data = read(&out.join(name))?;
        let hashed = hashed_name(name, &[&data]);
        write(&dist.join(&hashed), &data)?;
        renamed.insert(name.clone(), hashed);
    }
    // The glue and the split runtime import each other: both take one hash of both.
    let main_js = format!("{BIN}.js");
    let mut js_files = vec![main_js.clone()];
    if !single {
        js_files.push(SPLIT_JS.to_owned());
    }
    let mut texts: Vec<String> = Vec::new();
    for name in &js_files {
        let mut text = std::fs::read_to_string(out.join(name))
            .map_err(|e| format!("{}: {e}", out.join(name).display()))?;
        if name == SPLIT_JS {
            text = take_packed_chunks(&text)?;
        }
        for (from, to) in &renamed {
            text = replace_url(&text, from, to);
        }
        texts.push(text);
    }
    let parts: Vec<&[u8]> = texts.iter().map(|t| t.as_bytes()).collect();
    let js_names: Vec<String> = js_files.iter().map(|n| hashed_name(n, &parts)).collect();
    for (text, name) in texts.iter_mut().zip(&js_names) {
        for (from, to) in js_files.iter().zip(&js_names) {
            *text = replace_import(text, from, to);
        }
        write(&dist.join(name), text.as_bytes())?;
    }
    let main_js = js_names[0].clone();

    // One stylesheet, in the template's order.
    let mut css = String::new();
    let mut icon = None;
    let mut head = String::new();
    for line in template.lines() {
        let t = line.trim();
        if t.starts_with("<link data-trunk rel=\"css\"") {
            let href = attr(t, "href")?;
            let text =
                std::fs::read_to_string(root.join(&href)).map_err(|e| format!("{href}: {e}"))?;
            let _ = writeln!(css, "/* {href} */\n{text}");
        } else if t.starts_with("<link data-trunk rel=\"icon\"") {
            icon = Some(attr(t, "href")?);
        } else if !t.starts_with("<link data-trunk") {
            let _ = writeln!(head, "{line}");
        }
    }
    let css_name = hashed_name("console.css", &[css.as_bytes()]);
    write(&dist.join(&css_name), css.as_bytes())?;
    let icon_tag = match icon {
        Some(href) => {
            let data = read(&root.join(&href))?;
            let file = Path::new(&href)
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or("favicon.svg")
                .to_owned();
            let name = hashed_name(&file, &[&data]);
            write(&dist.join(&name), &data)?;
            format!("<link rel=\"icon\" href=\"{name}\" />")
        }
        None => String::new(),
    };
    let wasm = renamed
        .get(&format!("{BIN}_bg.wasm"))
        .cloned()
        .unwrap_or_default();
    // A route's chunks, also packed into one file: a first visit fetches them in one request
    // (dozens of small requests cost more than their bytes), later navigation chunk by chunk.
    let mut routes: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut table = Vec::new();
    for (path, split) in page_routes(&root.join("src/app.rs"))? {
        let files: Vec<String> = prefetch
            .get(&split)
            .map(|stems| {
                stems
                    .iter()
                    .filter_map(|s| renamed.get(&format!("{s}.wasm")).cloned())
                    .collect()
            })
            .unwrap_or_default();
        if files.is_empty() {
            continue;
        }
        // Its index first (little-endian u32 length, then JSON `[[name, bytes], …]`), so the
        // start script needs only the pack's name.
        let mut index = Vec::new();
        let mut body = Vec::new();
        for f in &files {
            let data = read(&dist.join(f))?;
            index.push(format!("[\"{f}\",{}]", data.len()));
            body.extend_from_slice(&data);
        }
        let index = format!("[{}]", index.join(","));
        let index_len = u32::try_from(index.len()).map_err(|e| e.to_string())?;
        let mut pack = index_len.to_le_bytes().to_vec();
        pack.extend_from_slice(index.as_bytes());
        pack.extend_from_slice(&body);
        let pack_name = hashed_name("pages.bin", &[&pack]);
        write(&dist.join(&pack_name), &pack)?;
        table.push((path.clone(), pack_name.clone()));
        routes.insert(path, vec![pack_name]);
    }
    let start_js = include_str!("start.js")
        .replace("__MAIN_JS__", &main_js)
        .replace("__ROUTES__", &routes_json(&table));
    let start_name = hashed_name("start.js", &[start_js.as_bytes()]);
    write(&dist.join(&start_name), start_js.as_bytes())?;

    // Relative URLs under <base href>: serving under another path rewrites that one tag.
    let mut tags = format!(
        "    <link rel=\"stylesheet\" href=\"{css_name}\" />\n    {icon_tag}\n    \
         <link rel=\"modulepreload\" href=\"{main_js}\" />\n"
    );
    if let Some(split_js) = js_names.get(1) {
        let _ = writeln!(
            tags,
            "    <link rel=\"modulepreload\" href=\"{split_js}\" />"
        );
    }
    let _ = writeln!(
        tags,
        "    <link rel=\"preload\" href=\"{wasm}\" as=\"fetch\" type=\"application/wasm\" crossorigin />\n    \
         <script type=\"module\" src=\"{start_name}\"></script>"
    );
    let html = head
        .replace("<base data-trunk-public-url />", "<base href=\"/\" />")
        .replace("</head>", &format!("{tags}  </head>"))
        .replace(
            "<body>\n",
            &format!("<body>\n{}", include_str!("start-failed.html")),
        );
    write(&dist.join("index.html"), html.as_bytes())?;

    let mut common = vec!["index.html".to_owned(), start_name, css_name, wasm];
    common.extend(js_names);
    Ok(Built { common, routes })
}

/// `[["/clusters/:id", "pages-….bin"], …]` for the start script.
fn routes_json(table: &[(String, String)]) -> String {
    let rows: Vec<String> = table
        .iter()
        .map(|(path, pack)| format!("[\"{path}\", \"{pack}\"]"))
        .collect();
    format!("[\n  {}\n]", rows.join(",\n  "))
}

/// `(route pattern, split name)` of every `<Route path=path!("…") … load=NAME` line in app.rs,
/// the one place routes live; `page_chunk!(NAME, …)` names the split after its loader.
fn page_routes(app_rs: &Path) -> Result<Vec<(String, String)>> {
    let text = std::fs::read_to_string(app_rs).map_err(|e| format!("{}: {e}", app_rs.display()))?;
    let mut routes = Vec::new();
    for line in text.lines() {
        let (Some(p), Some(l)) = (line.find("path!(\""), line.find("load=")) else {
            continue;
        };
        let path = &line[p + 7..];
        let path = &path[..path.find('"').unwrap_or(path.len())];
        let load = &line[l + 5..];
        let load: String = load
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        routes.push((path.to_owned(), load));
    }
    if routes.is_empty() {
        return Err(format!(
            "{}: no `<Route path=path!(…) … load=…>` found",
            app_rs.display()
        ));
    }
    Ok(routes)
}

/// `stem-0123456789abcdef.ext`: a name that changes whenever the content does, so it can be
/// cached for a year.
fn hashed_name(name: &str, parts: &[&[u8]]) -> String {
    // FNV-1a, 64 bits: stable across Rust versions, unlike std's hasher.
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.iter() {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    match name.rsplit_once('.') {
        Some((stem, ext)) => format!("{stem}-{h:016x}.{ext}"),
        None => format!("{name}-{h:016x}"),
    }
}

/// Makes the split runtime take a chunk from the start script's route pack when it is there
/// (`globalThis.__obcPackedChunk(url)`), else fetch it.
fn take_packed_chunks(split_js: &str) -> Result<String> {
    let fetch = "const src = fetch(new URL(";
    if !split_js.contains(fetch) {
        return Err(format!(
            "{SPLIT_JS}: no `{fetch}`: wasm-split's loader changed"
        ));
    }
    let (first, rest) = split_js.split_once('\n').unwrap_or((split_js, ""));
    Ok(format!(
        "{first}\n// A chunk the start script fetched in its route's pack, else its own request.\n\
         const packedOrFetch = (url) => globalThis.__obcPackedChunk?.(url) ?? fetch(url);\n{}",
        rest.replace(fetch, "const src = packedOrFetch(new URL(")
    ))
}

/// Replaces `name` where a module imports it (`from "./name"`): only there, as the same text
/// also names the wasm's import module, which must stay as linked.
fn replace_import(text: &str, name: &str, to: &str) -> String {
    let mut s = text.to_owned();
    for q in ['"', '\''] {
        s = s.replace(
            &format!("from {q}./{name}{q}"),
            &format!("from {q}./{to}{q}"),
        );
    }
    s
}

/// Replaces the URL of a wasm file: `'name'` or `"./name"` inside `new URL(…)`.
fn replace_url(text: &str, name: &str, to: &str) -> String {
    text.replace(&format!("'{name}'"), &format!("'{to}'"))
        .replace(&format!("\"./{name}\""), &format!("\"./{to}\""))
}

fn attr(tag: &str, name: &str) -> Result<String> {
    let key = format!("{name}=\"");
    let start = tag.find(&key).ok_or(format!("no {name}= in {tag}"))? + key.len();
    let len = tag[start..]
        .find('"')
        .ok_or(format!("unclosed {name}= in {tag}"))?;
    Ok(tag[start..start + len].to_owned())
}

fn read(p: &Path) -> Result<Vec<u8>> {
    std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()))
}

fn write(p: &Path, data: &[u8]) -> Result {
    std::fs::write(p, data).map_err(|e| format!("{}: {e}", p.display()))
}

fn copy(from: &Path, to: &Path) -> Result {
    std::fs::copy(from, to)
        .map(drop)
        .map_err(|e| format!("{} → {}: {e}", from.display(), to.display()))
}

pub fn gzip(data: &[u8]) -> Result<Vec<u8>> {
    use flate2::{write::GzEncoder, Compression};
    let mut enc = GzEncoder::new(Vec::with_capacity(data.len() / 3), Compression::best());
    enc.write_all(data).map_err(|e| e.to_string())?;
    enc.finish().map_err(|e| e.to_string())
}

/// Brotli at quality 11, window 22: what the best static servers precompress with.
pub fn brotli(data: &[u8]) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len() / 4);
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 22,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &data[..], &mut out, &params).map_err(|e| e.to_string())?;
    Ok(out)
}

/// Writes `X.gz` and `X.br` beside every file in `dist` (served by `Accept-Encoding`).
fn precompress(dist: &Path) -> Result<usize> {
    let mut n = 0;
    for entry in std::fs::read_dir(dist).map_err(|e| format!("{}: {e}", dist.display()))? {
        let f = entry.map_err(|e| e.to_string())?.path();
        if !f.is_file() {
            continue;
        }
        let data = read(&f)?;
        for (ext, packed) in [("gz", gzip(&data)?), ("br", brotli(&data)?)] {
            let mut name = f.clone().into_os_string();
            name.push(".");
            name.push(ext);
            write(Path::new(&name), &packed)?;
        }
        n += 1;
    }
    Ok(n)
}

/// Sizes in bytes of `dist/NAME`'s `.gz` and `.br` copies.
pub fn packed_sizes(dist: &Path, name: &str) -> Result<(u64, u64)> {
    let size = |ext: &str| {
        let p = dist.join(format!("{name}.{ext}"));
        std::fs::metadata(&p)
            .map(|m| m.len())
            .map_err(|e| format!("{}: {e}", p.display()))
    };
    Ok((size("gz")?, size("br")?))
}

/// First-load transfer (gzip and brotli) of `/` and every deep link: what every visit
/// downloads plus the page's own chunks, in bytes.
pub fn first_loads(dist: &Path, built: &Built) -> Result<Vec<(String, u64, u64)>> {
    let common = built.common.iter().try_fold((0, 0), |(g, b), f| {
        packed_sizes(dist, f).map(|(fg, fb)| (g + fg, b + fb))
    })?;
    let mut rows = vec![];
    for (route, files) in &built.routes {
        let (mut g, mut b) = common;
        for f in files {
            let (fg, fb) = packed_sizes(dist, f)?;
            g += fg;
            b += fb;
        }
        rows.push((route.clone(), g, b));
    }
    Ok(rows)
}

fn print_first_load(dist: &Path, built: &Built) -> Result {
    println!("first load (dist/), every visit:                    gzip      brotli");
    for f in &built.common {
        let (g, b) = packed_sizes(dist, f)?;
        println!(
            "  {f:<48} {:>10} {:>10}",
            fmt_kb(g as usize),
            fmt_kb(b as usize)
        );
    }
    println!("first load by route (every visit + the page's chunks):");
    for (route, g, b) in first_loads(dist, built)? {
        println!(
            "  {route:<48} {:>10} {:>10}",
            fmt_kb(g as usize),
            fmt_kb(b as usize)
        );
    }
    Ok(())
}
