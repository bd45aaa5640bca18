//! The sitemap (sitemaps.org 0.9): each public page in both languages,
//! each entry naming its twin in the other language (`xhtml:link`
//! alternates, as search engines read them).

use crate::i18n::Locale;
use crate::language::LOCALES;
use leptos_i18n::Locale as _;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

const SITEMAP_NS: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";
const XHTML_NS: &str = "http://www.w3.org/1999/xhtml";

/// The address of `path` (after the language prefix: `""`, `/data`…) in
/// `locale`, under `origin`.
fn address(origin: &str, locale: Locale, path: &str) -> String {
    format!("{origin}/{}{path}", locale.as_str())
}

/// The sitemap of `paths` (each after the language prefix) under `origin`
/// (`https://jalons.example`).
pub fn sitemap(origin: &str, paths: impl IntoIterator<Item = String>) -> String {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 1);
    // Writing to a Vec cannot fail.
    let write = |writer: &mut Writer<Vec<u8>>, event: Event| {
        writer.write_event(event).expect("writing to memory");
    };
    write(
        &mut writer,
        Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)),
    );
    let mut urlset = BytesStart::new("urlset");
    urlset.push_attribute(("xmlns", SITEMAP_NS));
    urlset.push_attribute(("xmlns:xhtml", XHTML_NS));
    write(&mut writer, Event::Start(urlset));
    for path in paths {
        for locale in LOCALES {
            write(&mut writer, Event::Start(BytesStart::new("url")));
            write(&mut writer, Event::Start(BytesStart::new("loc")));
            write(
                &mut writer,
                Event::Text(BytesText::new(&address(origin, locale, &path))),
            );
            write(&mut writer, Event::End(BytesEnd::new("loc")));
            for twin in LOCALES {
                let href = address(origin, twin, &path);
                let mut link = BytesStart::new("xhtml:link");
                link.push_attribute(("rel", "alternate"));
                link.push_attribute(("hreflang", twin.as_str()));
                link.push_attribute(("href", href.as_str()));
                write(&mut writer, Event::Empty(link));
            }
            write(&mut writer, Event::End(BytesEnd::new("url")));
        }
    }
    write(&mut writer, Event::End(BytesEnd::new("urlset")));
    String::from_utf8(writer.into_inner()).expect("the writer writes UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_page_is_listed_in_both_languages_with_its_twins() {
        let xml = sitemap(
            "https://jalons.example",
            ["".to_owned(), "/progress/7".to_owned()],
        );
        assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
        for loc in [
            "https://jalons.example/fr",
            "https://jalons.example/en",
            "https://jalons.example/fr/progress/7",
            "https://jalons.example/en/progress/7",
        ] {
            assert!(xml.contains(&format!("<loc>{loc}</loc>")), "{loc} in {xml}");
        }
        assert_eq!(xml.matches("<url>").count(), 4);
        // Each entry names both languages' addresses.
        assert_eq!(
            xml.matches(r#"<xhtml:link rel="alternate" hreflang="en" href="https://jalons.example/en/progress/7"/>"#)
                .count(),
            2
        );
    }

    #[test]
    fn what_the_origin_holds_is_escaped() {
        let xml = sitemap("https://a&b", ["".to_owned()]);
        assert!(xml.contains("<loc>https://a&amp;b/fr</loc>"));
        assert!(!xml.contains("a&b"));
    }
}
