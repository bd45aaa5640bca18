//! The site's languages: which one a reader gets, and the links between a
//! page and its twin in the other language.
//!
//! French is the default locale; the URL carries the language (`/fr/…`,
//! `/en/…`). The translations themselves are in [`crate::i18n`].

use crate::i18n::Locale;
use leptos_i18n::Locale as _;

/// What a text is translated for: a page's translations (`use_i18n()`, on
/// the server) or a bare locale (a form's island in the browser, which
/// translates with `td!` and so never sets up leptos_i18n's context: that
/// would bring its language detection, cookie and locale parser into the
/// wasm every form page loads).
pub trait InLocale: Copy {
    fn locale(self) -> Locale;
}

impl InLocale for Locale {
    fn locale(self) -> Locale {
        self
    }
}

impl InLocale for leptos_i18n::I18nContext<Locale> {
    fn locale(self) -> Locale {
        self.get_locale()
    }
}

/// Every locale the site is published in, default first.
pub const LOCALES: [Locale; 2] = [Locale::fr, Locale::en];

/// The locale a reader of `locale` is offered as the page's twin.
pub fn other_locale(locale: Locale) -> Locale {
    match locale {
        Locale::fr => Locale::en,
        Locale::en => Locale::fr,
    }
}

/// The code of the site's locale named by `code` (a form's hidden `locale`
/// field), French when it names none: a redirect stays in the site's languages.
pub fn locale_code(code: &str) -> &'static str {
    LOCALES
        .iter()
        .find(|l| l.as_str() == code)
        .copied()
        .unwrap_or_default()
        .as_str()
}

/// The site's locale whose code is `code` (`fr`, `en`), if any.
pub fn locale_named(code: &str) -> Option<Locale> {
    LOCALES.iter().find(|l| l.as_str() == code).copied()
}

/// The home page of a language: `/fr`, `/en`.
pub fn home_path(locale: Locale) -> String {
    format!("/{}", locale.as_str())
}

/// Picks the locale for a request from its `Accept-Language` header: the
/// first supported language in the reader's order of preference, French when
/// none is.
#[cfg(feature = "ssr")]
pub fn negotiate(accept_language: Option<&str>) -> Locale {
    let wanted: Vec<String> = accept_language
        .map(accept_language::parse_with_quality)
        .unwrap_or_default()
        .into_iter()
        .filter(|(tag, quality)| *quality > 0.0 && tag != "*")
        .map(|(tag, _)| tag)
        .collect();
    if wanted.is_empty() {
        Locale::default()
    } else {
        Locale::find_locale(&wanted)
    }
}

/// The site's origin (`https://host:port`) as a request reached it: its
/// `Host`, and the scheme a TLS proxy names in `X-Forwarded-Proto` (else
/// `http`). What absolute addresses (`hreflang` links, the sitemap) start
/// with; a `Host` that is not a host name gives `http://localhost`. A
/// cache that keeps pages holding it must key them by it.
#[cfg(feature = "ssr")]
pub fn origin(headers: &axum::http::HeaderMap) -> String {
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
        })
        .unwrap_or("localhost");
    let scheme = match headers
        .get("x-forwarded-proto")
        .and_then(|h| h.to_str().ok())
    {
        Some("https") => "https",
        _ => "http",
    };
    format!("{scheme}://{host}")
}

/// The origin of the page being rendered: the request's on the server
/// ([`origin`]), the window's in the browser (the same, once hydrated).
pub fn page_origin() -> String {
    #[cfg(feature = "ssr")]
    {
        leptos::prelude::use_context::<axum::http::request::Parts>()
            .map(|parts| origin(&parts.headers))
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        leptos::prelude::window()
            .location()
            .origin()
            .unwrap_or_default()
    }
}

/// The same page in `to`: swaps the language segment at the start of `path`
/// (or adds one) and keeps the query string, but not a form's error that a
/// redirect put there (`__path`, `__err`: it holds what was typed).
pub fn twin_href(path: &str, search: &str, to: Locale) -> String {
    let rest = path.trim_start_matches('/');
    let rest = match rest.split_once('/') {
        Some((first, tail)) if is_locale_segment(first) => tail,
        None if is_locale_segment(rest) => "",
        _ => rest,
    };
    let mut href = format!("/{}", to.as_str());
    if !rest.is_empty() {
        href.push('/');
        href.push_str(rest);
    }
    let search = search
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| {
            !pair.is_empty() && !pair.starts_with("__path=") && !pair.starts_with("__err=")
        })
        .collect::<Vec<_>>()
        .join("&");
    let search = search.as_str();
    if !search.is_empty() {
        href.push('?');
        href.push_str(search);
    }
    href
}

fn is_locale_segment(segment: &str) -> bool {
    LOCALES.iter().any(|l| l.as_str() == segment)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(feature = "ssr")]
    #[test]
    fn negotiation_prefers_the_readers_first_supported_language() {
        assert_eq!(negotiate(Some("en-CA,en;q=0.9,fr;q=0.8")), Locale::en);
        assert_eq!(negotiate(Some("fr-CA,fr;q=0.9,en;q=0.8")), Locale::fr);
        assert_eq!(negotiate(Some("de-DE,en;q=0.5,fr;q=0.7")), Locale::fr);
        assert_eq!(negotiate(Some("fr;q=0.2, en;q=0.9")), Locale::en);
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn negotiation_falls_back_to_french() {
        assert_eq!(negotiate(None), Locale::fr);
        assert_eq!(negotiate(Some("")), Locale::fr);
        assert_eq!(negotiate(Some("de, es;q=0.5")), Locale::fr);
        assert_eq!(negotiate(Some("*")), Locale::fr);
        assert_eq!(negotiate(Some("en;q=0")), Locale::fr);
    }

    #[test]
    fn twin_href_swaps_the_language_and_keeps_the_query() {
        assert_eq!(twin_href("/fr", "", Locale::en), "/en");
        assert_eq!(twin_href("/fr/", "", Locale::en), "/en");
        assert_eq!(
            twin_href("/en/initiatives/42", "?as_of=2019-06-03", Locale::fr),
            "/fr/initiatives/42?as_of=2019-06-03"
        );
        assert_eq!(
            twin_href("/unknown/page", "a=1", Locale::fr),
            "/fr/unknown/page?a=1"
        );
        assert_eq!(twin_href("/", "", Locale::en), "/en");
        assert_eq!(
            twin_href("/fr/import", "?a=1&__path=%2Ffn%2Fx&__err=e30", Locale::en),
            "/en/import?a=1"
        );
    }

    /// English must be complete: the same keys, none empty, in both files.
    #[test]
    fn every_french_key_has_an_english_translation() {
        fn keys(prefix: &str, value: &serde_json::Value, out: &mut Vec<String>) {
            match value {
                serde_json::Value::Object(map) => {
                    for (k, v) in map {
                        keys(&format!("{prefix}{k}."), v, out);
                    }
                }
                serde_json::Value::String(s) => {
                    assert!(!s.trim().is_empty(), "empty translation at {prefix}");
                    out.push(prefix.trim_end_matches('.').to_owned());
                }
                other => out.push(format!("{prefix}{other}")),
            }
        }
        let load = |name: &str| -> Vec<String> {
            let path = format!("{}/locales/{name}.json", env!("CARGO_MANIFEST_DIR"));
            let text = std::fs::read_to_string(&path).expect("locale file");
            let json: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
            let mut out = Vec::new();
            keys("", &json, &mut out);
            out.sort();
            out
        };
        assert_eq!(load("fr"), load("en"));
    }
}
