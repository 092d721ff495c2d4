//! The command line: a thin layer over the library.

use std::process::ExitCode;

mod cli;

fn main() -> ExitCode {
    #[cfg(target_os = "linux")]
    no_huge_pages();
    // Double-clicked on Windows: the clerk's window, not a run on `samples/` beside the .exe.
    if std::env::args_os().len() == 1 && cli::double_clicked() {
        return match cli::serve_by_default() {
            Ok(code) => code,
            Err(failure) => {
                eprintln!("{}", failure.message());
                cli::hold_console();
                failure.exit_code()
            }
        };
    }
    let args = match cli::parse() {
        Ok(args) => args,
        Err(code) => return code,
    };
    match cli::dispatch(args) {
        Ok(code) => code,
        Err(failure) => {
            eprintln!("{}", failure.message());
            failure.exit_code()
        }
    }
}

/// mimalloc rather than the system allocator: the pipeline makes millions of small strings,
/// and with glibc's allocator a 2,000-form run spent ~18% of its time in malloc/free.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Transparent huge pages off for this process (Linux). mimalloc asks for them on its
/// arenas, and the kernel then zeroes 2 MB at a time on first touch: for a run that touches
/// its memory sparsely that was a tenth of the reading stage's processor time and a quarter
/// of its peak memory (2,000 forms, read + forms.json + summary.xlsx: 1.47–1.70 s of
/// processor time and 131–137 MB with them, 1.47–1.49 s and 101–112 MB without). Windows
/// gives large pages only to programs that ask with a privilege, which this one does not.
#[cfg(target_os = "linux")]
fn no_huge_pages() {
    // SAFETY: prctl(PR_SET_THP_DISABLE) takes plain integers and touches no memory of ours;
    // where the kernel refuses it, nothing changes.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}
