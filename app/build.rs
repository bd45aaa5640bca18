//! Generates the `i18n` module from `locales/*.json` (leptos_i18n's codegen).
use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=Cargo.toml");
    // sqlx::migrate! embeds these; a new file must rebuild the crate.
    println!("cargo::rerun-if-changed=../migrations");

    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR not set")?).join("i18n");
    // French is the default locale: the government's working language.
    // Interpolated messages (`{{ value }}`) are also wanted as plain strings:
    // field errors, captions and attributes.
    let config = Config::new("fr")?
        .add_locale("en")?
        .parse_options(ParseOptions::new().interpolate_display(true));
    let translations = TranslationsInfos::parse(config)?;
    translations.emit_diagnostics();
    translations.rerun_if_locales_changed();
    translations.generate_i18n_module(out)?;
    Ok(())
}
