// Starts the console. A file, not an inline script, so a strict Content-Security-Policy can
// allow it. A start that fails (the code cannot be fetched or compiled, or stops at once) is
// said in words with what to do (#start-failed in index.html), never a blank page.
const failed = (error) => {
  const box = document.getElementById("start-failed");
  if (!box) return;
  // The browser's reason may quote a URL: never show credentials written into one.
  const reason = String((error && error.message) || error || "").replace(/\/\/[^/\s@]*@/g, "//");
  box.querySelector("[data-reason]").textContent = reason;
  box.querySelector("[data-reload]").addEventListener("click", () => location.reload());
  box.hidden = false;
};

const start = async () => {
  // A browser refuses to fetch the code from an address that carries `user:password@`:
  // open the same page without them.
  if (location.username || location.password) {
    const clean = new URL(location.href);
    clean.username = "";
    clean.password = "";
    location.replace(clean.href);
    return;
  }
  let glue;
  try {
    glue = await import("./__MAIN_JS__");
  } catch (e) {
    return failed(e);
  }
  // The download of the wasm is retried (at once, after 0.5 s, after 2 s); a trap while
  // starting (a panic: WebAssembly.RuntimeError) is not, it would fail the same way again.
  let last;
  for (const delay of [0, 500, 2000]) {
    if (delay) await new Promise((r) => setTimeout(r, delay));
    try {
      await glue.default();
      return;
    } catch (e) {
      last = e;
      if (e instanceof WebAssembly.RuntimeError || e instanceof WebAssembly.CompileError) break;
    }
  }
  failed(last);
};

start();
