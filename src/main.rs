fn main() {
    // A panic stops the wasm app; say so in the console and mark the page, so the end-to-end
    // tests fail at once on a dead page instead of timing out.
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        if let Some(root) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = root.set_attribute("data-panic", &info.to_string());
        }
    }));
    leptos::mount::mount_to_body(ob_backup_console::App);
}
