//! The command line: a thin layer over the library.

use std::process::ExitCode;

mod cli;

fn main() -> ExitCode {
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
