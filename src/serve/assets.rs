//! The page's files, built into the program: plain HTML, CSS and JavaScript, no build step.

/// The page; `{{TOKEN}}` is replaced by the server's token.
pub const INDEX: &str = include_str!("page/index.html");

/// A file the page loads (`/assets/NAME`): its text and type.
pub fn named(name: &str) -> Option<(&'static str, &'static str)> {
    match name {
        "app.js" => Some((
            include_str!("page/app.js"),
            "text/javascript; charset=utf-8",
        )),
        "app.css" => Some((include_str!("page/app.css"), "text/css; charset=utf-8")),
        _ => None,
    }
}
