//! Who may ask: every request passes here before any handler.
//!
//! - **Host** must name this server (`127.0.0.1:port`, `localhost:port`): a page of another
//!   site whose name is made to point at 127.0.0.1 (DNS rebinding) sends its own name.
//! - **Cross-site requests** are refused: a browser marks them (`Sec-Fetch-Site`, `Origin`),
//!   so another page open in the same browser cannot drive this one.
//! - **The token** — random, in the address the browser was opened on — is carried by every
//!   request (`?token=` or the `X-Token` header): other programs and users of this computer,
//!   which can reach the port, cannot read the forms or the folders without it.
//!
//! Every response says not to be cached, framed or sniffed, and to send no Referer (the
//! address holds the token).

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::api::ApiError;

/// Refuses what may not ask (see the module's comment), then adds the protective headers.
pub(super) async fn guard(
    State(state): State<super::State>,
    request: Request,
    next: Next,
) -> Response {
    if let Err(refused) = admitted(&state, request.headers(), request.uri().query()) {
        return protect(refused.into_response());
    }
    protect(in_words(next.run(request).await))
}

/// A refusal made by axum itself (a path that is no number, a body that is no JSON) said
/// in Chinese and as JSON, as the handlers' own are.
fn in_words(response: Response) -> Response {
    let status = response.status();
    let json = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|t| t.as_bytes().starts_with(b"application/json"));
    if !status.is_client_error() || json {
        return response;
    }
    let words = match status {
        StatusCode::NOT_FOUND => "没有这个页面",
        StatusCode::METHOD_NOT_ALLOWED => "不支持这种请求方式",
        StatusCode::PAYLOAD_TOO_LARGE => "请求的内容太大",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "请求的内容类型不对（应为 JSON）",
        _ => "请求的内容无法识别",
    };
    ApiError::new(status, words).into_response()
}

fn admitted(
    state: &super::Shared,
    headers: &HeaderMap,
    query: Option<&str>,
) -> Result<(), ApiError> {
    let text = |name: header::HeaderName| headers.get(name).and_then(|v| v.to_str().ok());
    let host = text(header::HOST).unwrap_or("").to_ascii_lowercase();
    if !state.hosts.contains(&host) {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            format!("拒绝访问：请求的主机名“{host}”不是本工作台的地址（请用启动时打开的地址访问）"),
        ));
    }
    let fetch_site = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok());
    if fetch_site.is_some_and(|site| site != "same-origin" && site != "none") {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "拒绝访问：不接受来自其他网页的请求",
        ));
    }
    if let Some(origin) = text(header::ORIGIN)
        && origin != format!("http://{host}")
    {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            format!("拒绝访问：不接受来自 {origin} 的请求"),
        ));
    }
    let given = headers
        .get("x-token")
        .and_then(|v| v.to_str().ok())
        .or_else(|| token_in(query));
    if !given.is_some_and(|t| same(t.as_bytes(), state.token.as_bytes())) {
        return Err(ApiError::new(
            StatusCode::UNAUTHORIZED,
            "拒绝访问：缺少或错误的访问令牌。请用启动工作台时打开的完整地址（含 token=…）访问",
        ));
    }
    Ok(())
}

/// The value of `token=` in a query string.
fn token_in(query: Option<&str>) -> Option<&str> {
    query?
        .split('&')
        .find_map(|pair| pair.strip_prefix("token="))
}

/// Equal, in time that does not depend on where they differ.
fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

fn protect(mut response: Response) -> Response {
    let headers = response.headers_mut();
    let set = |headers: &mut HeaderMap, name: &'static str, value: &'static str| {
        headers.insert(name, HeaderValue::from_static(value));
    };
    set(headers, "cache-control", "no-store");
    set(headers, "x-content-type-options", "nosniff");
    set(headers, "x-frame-options", "DENY");
    set(headers, "referrer-policy", "no-referrer");
    set(headers, "cross-origin-resource-policy", "same-origin");
    set(
        headers,
        "content-security-policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
         connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_is_found_among_other_parameters() {
        assert_eq!(token_in(Some("a=1&token=abc&b=2")), Some("abc"));
        assert_eq!(token_in(Some("xtoken=abc")), None);
        assert_eq!(token_in(None), None);
    }

    #[test]
    fn tokens_compare_whole() {
        assert!(same(b"abcd", b"abcd"));
        assert!(!same(b"abcd", b"abce"));
        assert!(!same(b"abc", b"abcd"));
        assert!(!same(b"", b"a"));
    }
}
