//! Work that cannot take the batch down: one file's reading, extracting and checking, one
//! form's PDF. [`catching`] runs it under `catch_unwind`, so a panic there — ours or a
//! dependency's (calamine indexes past the end of damaged records) — becomes an error for
//! that one item and the others go on.
//!
//! A panic hook, installed once, keeps such a caught panic off the terminal (the clerk sees
//! the item's rejection instead) and remembers its message and place for the reason;
//! panics anywhere else are reported as before.

use std::cell::{Cell, RefCell};
use std::panic::{AssertUnwindSafe, PanicHookInfo, catch_unwind};
use std::sync::Once;

thread_local! {
    /// How deep this thread is in [`catching`] calls.
    static CATCHING: Cell<usize> = const { Cell::new(0) };
    /// What the last caught panic on this thread said, and where.
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Runs `work`; a panic in it is returned as its message and place
/// (`calamine-0.38.0/src/xlsb/mod.rs:312: range end index 8 out of range`).
pub fn catching<T>(work: impl FnOnce() -> T) -> Result<T, String> {
    install_hook();
    CATCHING.with(|c| c.set(c.get() + 1));
    let result = catch_unwind(AssertUnwindSafe(work));
    CATCHING.with(|c| c.set(c.get() - 1));
    result.map_err(|_| {
        LAST_PANIC
            .with(|p| p.borrow_mut().take())
            .unwrap_or_else(|| "未知错误".to_owned())
    })
}

fn install_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if CATCHING.with(Cell::get) > 0 {
                LAST_PANIC.with(|p| *p.borrow_mut() = Some(describe(info)));
            } else {
                previous(info);
            }
        }));
    });
}

/// `calamine-0.38.0/src/xlsb/mod.rs:312: range end index 8 out of range`.
fn describe(info: &PanicHookInfo) -> String {
    let payload = info.payload();
    let message = payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_owned())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_default();
    let place = info
        .location()
        .map(|l| {
            // The crate and its path, without the registry's folders.
            let file = l.file();
            let short = file
                .rfind("/src/")
                .and_then(|at| file[..at].rfind('/').map(|start| &file[start + 1..]))
                .unwrap_or(file);
            format!("{short}:{}", l.line())
        })
        .unwrap_or_default();
    let message: String = message.chars().take(160).collect();
    format!("{place}: {message}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_is_the_items_error_and_the_thread_goes_on() {
        let caught = catching(|| -> usize { panic!("broken record {}", 7) });
        let reason = caught.unwrap_err();
        assert!(reason.starts_with("src/isolate.rs:"), "{reason}");
        assert!(reason.ends_with(": broken record 7"), "{reason}");
        assert_eq!(catching(|| 5), Ok(5));
        assert_eq!(CATCHING.with(Cell::get), 0);
    }
}
