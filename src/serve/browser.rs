//! Opening the page in the user's default browser.

/// Opens `url` in the default browser; false where no browser could be started (the
/// address is then printed for the user to open).
pub fn open(url: &str) -> bool {
    platform_open(url)
}

#[cfg(windows)]
fn platform_open(url: &str) -> bool {
    // ShellExecuteW with "open" is what Explorer does for a link: the default browser,
    // no console window, and no shell parsing the address (cmd would split it at `&`).
    #[link(name = "shell32")]
    unsafe extern "system" {
        fn ShellExecuteW(
            hwnd: *mut core::ffi::c_void,
            operation: *const u16,
            file: *const u16,
            parameters: *const u16,
            directory: *const u16,
            show: i32,
        ) -> isize;
    }
    let wide = |s: &str| s.encode_utf16().chain(Some(0)).collect::<Vec<u16>>();
    let (operation, file) = (wide("open"), wide(url));
    // SAFETY: both strings are NUL-terminated UTF-16 that live across the call; the
    // null pointers are allowed by the API. SW_SHOWNORMAL is 1.
    let result = unsafe {
        ShellExecuteW(
            std::ptr::null_mut(),
            operation.as_ptr(),
            file.as_ptr(),
            std::ptr::null(),
            std::ptr::null(),
            1,
        )
    };
    // Values above 32 mean success.
    result > 32
}

#[cfg(not(windows))]
fn platform_open(url: &str) -> bool {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    std::process::Command::new(opener)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .is_ok()
}
