//! The HTML shell, the router and the layout every page shares.
//!
//! Every page lives under a language prefix (`/fr/…`, `/en/…`); the bare `/`
//! is answered by the server, which redirects by `Accept-Language`.

use crate::components::{LanguageSwitch, SiteFooter};
use crate::i18n::*;
use crate::language::*;
use crate::pages::*;
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_meta::{provide_meta_context, Html, Link, MetaTags, Stylesheet, Title};
use leptos_router::{
    components::{Outlet, ParentRoute, Route, Router, Routes},
    hooks::use_location,
    ParamSegment, SsrMode, StaticSegment,
};

/// The document around the application, rendered on the server only.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    // The public pages are read-only HTML that works without JavaScript, so
    // they ship no script and no wasm: a reader downloads a few KiB, not the
    // application. The signed-in pages load the islands (their forms).
    let hydrates = !request_path().as_deref().is_some_and(is_public_page);
    #[cfg(feature = "ssr")]
    set_page_policy(hydrates);
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <AutoReload options=options.clone() />
                {hydrates.then(|| view! { <HydrationScripts options islands=true /> })}
                <MetaTags />
            </head>
            <body>
                <App />
                {hydrates.then(|| view! { <PageLive /> })}
            </body>
        </html>
    }
}

/// The page's `Content-Security-Policy`: scripts only by this response's
/// nonce (leptos puts it on the hydration script and on the serialised data
/// it inlines) or empty, and for a hydrating page the bundle they load and
/// its wasm;
/// no inline style, no plug-in, no framing, forms only to this site.
///
/// A hydrating page is also kept from every cache: its nonce is its own. A
/// public page is cached whole, nonce included: data that reaches it is
/// rendered into a new body with a new nonce, so no stored or reflected
/// markup can know the one it would need.
#[cfg(feature = "ssr")]
fn set_page_policy(hydrates: bool) {
    use axum::http::{header, HeaderValue};
    let Some(response) = use_context::<leptos_axum::ResponseOptions>() else {
        return;
    };
    let nonce = leptos::nonce::use_nonce();
    let scripts = match (&nonce, hydrates) {
        (Some(nonce), true) => format!("'nonce-{nonce}' 'strict-dynamic' 'wasm-unsafe-eval'"),
        (Some(nonce), false) => format!("'nonce-{nonce}'"),
        (None, _) => "'none'".to_owned(),
    };
    let policy = format!(
        "default-src 'self'; script-src {scripts}; style-src 'self'; img-src 'self' data:; \
         object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    );
    if let Ok(policy) = HeaderValue::from_str(&policy) {
        response.insert_header(header::CONTENT_SECURITY_POLICY, policy);
    }
    if hydrates {
        response.insert_header(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
    }
}

/// The path of the request being rendered (on the server).
fn request_path() -> Option<String> {
    #[cfg(feature = "ssr")]
    {
        use_context::<axum::http::request::Parts>().map(|parts| parts.uri.path().to_owned())
    }
    #[cfg(not(feature = "ssr"))]
    {
        None
    }
}

/// Whether `path` is one of the public site's pages (see [`LanguageRoutes`]):
/// a language's home, its data page, or a published initiative's page.
pub fn is_public_page(path: &str) -> bool {
    let mut parts = path.trim_end_matches('/').split('/').skip(1);
    let (Some(lang), rest) = (parts.next(), parts.collect::<Vec<_>>()) else {
        return false;
    };
    Locale::get_all().iter().any(|l| l.as_str() == lang)
        && match rest.as_slice() {
            [] | ["data"] => true,
            ["progress", id] => !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()),
            _ => false,
        }
}

/// A page's title as the `<title>` element's text. On the server it is
/// escaped here: leptos_meta 0.8 writes the title into the HTML as it is,
/// so a title holding `</title><script>` would end the element. In the
/// browser the title is set as text (`document.title`) and needs nothing.
fn title_text(title: String) -> String {
    #[cfg(feature = "ssr")]
    {
        html_escape::encode_text(&title).into_owned()
    }
    #[cfg(not(feature = "ssr"))]
    {
        title
    }
}

/// The last island of a signed-in page: leptos hydrates islands in the
/// order of the document, so once this one runs (effects run only in the
/// browser) every form above it is live. Browser tests wait for the mark
/// before using controls that need it.
#[island]
fn PageLive() -> impl IntoView {
    Effect::new(move |_| {
        if let Some(body) = document().body() {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    });
}

/// The application: translations, head tags and routes.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();

    // Pages give their <Title> and <Meta> as strings made when they render
    // (`untrack(…)`), never as closures: on the server leptos_meta reads
    // them once the page's stream has ended, and a signal read then was at
    // times already disposed (a panic, 2 in 290,000 answers under the soak).
    view! {
        <Translations>
            <Title formatter=title_text />
            <Stylesheet id="jalons" href="/pkg/jalons.css" />
            <Router>
                <Routes fallback=NotFoundPage>
                    <LanguageRoutes locale=Locale::fr />
                    <LanguageRoutes locale=Locale::en />
                </Routes>
            </Router>
        </Translations>
    }
}

/// The translations' context for everything below, with the `lang` and
/// `dir` of `<html>`: what leptos_i18n's `I18nContextProvider` provides,
/// less its empty `<script>` (a place for translations loaded on demand,
/// not used here) and less a race on the server.
///
/// The context comes with an effect that runs on the server too (it would
/// write the language cookie, off here) as a task of its own: a task that
/// first ran after its page was answered read the context's signal once it
/// was disposed, and panicked (the not-found page, about once in 20,000
/// answers under load; once in a contract run). Here the context belongs to
/// an owner of its own, paused once the context is made, so that effect
/// never runs on the server; the owner lives as long as the page's.
#[component]
fn Translations(children: Children) -> impl IntoView {
    let owner = Owner::new();
    let i18n = owner.with(leptos_i18n::context::init_i18n_context::<Locale>);
    #[cfg(feature = "ssr")]
    owner.pause();
    on_cleanup(move || drop(owner));
    provide_context(i18n);
    view! {
        {children()}
        <Html
            attr:lang=move || i18n.get_locale().as_str()
            attr:dir=move || i18n.get_locale().direction().as_str()
        />
    }
}

/// The page tree of one language, under its prefix. Every page is rendered
/// whole before it is sent (`SsrMode::Async`): streamed parts need
/// JavaScript to be put in place, and every page must read without it.
#[component(transparent)]
fn LanguageRoutes(locale: Locale) -> impl leptos_router::MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=StaticSegment(locale.as_str()) view=move || view! { <Layout locale /> }>
            <Route path=StaticSegment("") view=HomePage ssr=SsrMode::Async />
            <Route path=StaticSegment("data") view=DataPage ssr=SsrMode::Async />
            <Route path=(StaticSegment("progress"), ParamSegment("id")) view=PublicInitiativePage ssr=SsrMode::Async />
            <Route path=StaticSegment("session") view=SignInPage ssr=SsrMode::Async />
            <Route path=StaticSegment("portfolio") view=PortfolioPage ssr=SsrMode::Async />
            <Route path=StaticSegment("initiatives") view=InitiativesPage ssr=SsrMode::Async />
            <Route path=(StaticSegment("initiatives"), StaticSegment("new")) view=NewInitiativePage ssr=SsrMode::Async />
            <Route path=(StaticSegment("initiatives"), ParamSegment("id")) view=InitiativePage ssr=SsrMode::Async />
            <Route path=(StaticSegment("initiatives"), ParamSegment("id"), StaticSegment("edit")) view=EditInitiativePage ssr=SsrMode::Async />
            <Route path=(StaticSegment("initiatives"), ParamSegment("id"), StaticSegment("update")) view=UpdateFormPage ssr=SsrMode::Async />
            <Route path=(StaticSegment("initiatives"), ParamSegment("id"), StaticSegment("milestones")) view=MilestonesPage ssr=SsrMode::Async />
            <Route path=(StaticSegment("initiatives"), ParamSegment("id"), StaticSegment("milestones"), ParamSegment("milestone")) view=MilestoneRevisionPage ssr=SsrMode::Async />
            <Route path=(StaticSegment("initiatives"), ParamSegment("id"), StaticSegment("indicators")) view=IndicatorsPage ssr=SsrMode::Async />
            <Route path=(StaticSegment("initiatives"), ParamSegment("id"), StaticSegment("indicators"), ParamSegment("indicator")) view=IndicatorValuePage ssr=SsrMode::Async />
            <Route path=StaticSegment("period") view=ThisPeriodPage ssr=SsrMode::Async />
            <Route path=StaticSegment("audit") view=AuditPage ssr=SsrMode::Async />
            <Route path=StaticSegment("report") view=ReportPage ssr=SsrMode::Async />
            <Route path=(StaticSegment("report"), StaticSegment("versions"), ParamSegment("version")) view=ReportVersionPage ssr=SsrMode::Async />
            <Route path=StaticSegment("import") view=ImportPage ssr=SsrMode::Async />
            <Route path=(StaticSegment("import"), ParamSegment("id")) view=ImportBatchPage ssr=SsrMode::Async />
            <Route path=(StaticSegment("admin"), StaticSegment("accounts")) view=AccountsPage ssr=SsrMode::Async />
            <Route path=(StaticSegment("admin"), StaticSegment("accounts"), ParamSegment("account")) view=AccountPage ssr=SsrMode::Async />
            <Route path=(StaticSegment("admin"), StaticSegment("organisations")) view=OrganisationsPage ssr=SsrMode::Async />
        </ParentRoute>
    }
    .into_inner()
}

/// Skip link, header, main landmark and footer around every page of a language.
#[component]
fn Layout(locale: Locale) -> impl IntoView {
    let i18n = use_i18n();
    // The URL decides the language; the <html lang> attribute follows.
    i18n.set_locale(locale);
    provide_me();

    let location = use_location();
    // Search engines want the twins' addresses absolute.
    let origin = page_origin();
    let alternate = move |to: Option<Locale>| {
        let path = location.pathname.get();
        let search = location.search.get();
        let (hreflang, href) = match to {
            Some(to) => (to.as_str(), twin_href(&path, &search, to)),
            // The bare address picks the reader's language.
            None => ("x-default", "/".to_owned()),
        };
        view! { <Link rel="alternate" hreflang href=format!("{origin}{href}") /> }
    };

    view! {
        {alternate(Some(Locale::fr))}
        {alternate(Some(Locale::en))}
        {alternate(None)}
        // rel="external": the browser, not the router, follows it, so focus moves.
        <a class="skip-link" href="#main" rel="external">
            {t!(i18n, site.skip_to_content)}
        </a>
        <header class="site-header">
            <div class="site-header__inner">
                <a class="site-name" href=home_path(locale)>
                    <span class="site-name__title">{t!(i18n, site.name)}</span>
                    <span class="site-name__tagline">{t!(i18n, site.tagline)}</span>
                </a>
                <nav aria-label=move || t_string!(i18n, site.primary_nav)>
                    <a class="public-link" href=format!("/{}/data", locale.as_str())>{t!(i18n, nav.data)}</a>
                    <WorkLinks />
                    <AccountMenu />
                    <LanguageSwitch />
                </nav>
            </div>
        </header>
        <main id="main" tabindex="-1">
            <Outlet />
        </main>
        <SiteFooter />
    }
}
