//! Dates, numbers, percentages and amounts written the way each locale
//! writes them, for pages and charts.
//!
//! Pure functions of a [`Locale`] and a value; compiled on both sides (no
//! server-only dependency), so a hydrated page writes what the server wrote.
//! Machine-readable output (CSV, the API) must not use them: it keeps ISO
//! dates and plain numbers.
//!
//! French follows the Quebec and French typographic conventions: thousands
//! grouped with a narrow no-break space (U+202F), a decimal comma, a narrow
//! no-break space before `%`, a no-break space (U+00A0) before `$`, lowercase
//! month names and `1er` for the first day of a month. Both locales write a
//! negative value with the minus sign U+2212.

use crate::i18n::Locale;
use chrono::{Datelike, NaiveDate};

/// The narrow no-break space French puts between groups of thousands and before `%`.
pub const NARROW_NBSP: char = '\u{202f}';
/// The no-break space French puts before `$`.
pub const NBSP: char = '\u{a0}';
/// The minus sign (U+2212) that starts a negative value.
pub const MINUS: char = '\u{2212}';

/// French month names, January first (lowercase, as French writes them).
const FR_MONTHS: [&str; 12] = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
];

/// French abbreviated month names (the standard abbreviations; short names stay whole).
const FR_SHORT_MONTHS: [&str; 12] = [
    "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.",
    "déc.",
];

/// English month names, January first.
const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// English abbreviated month names (three letters, no period).
const EN_SHORT_MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// The month of `date` in full: `juin`, `June`.
fn month_name(locale: Locale, date: NaiveDate) -> &'static str {
    let names = match locale {
        Locale::fr => &FR_MONTHS,
        Locale::en => &EN_MONTHS,
    };
    names[date.month0() as usize]
}

/// A date in full: `3 juin 2019`, `1er juin 2019`; `June 3, 2019`.
pub fn long_date(locale: Locale, date: NaiveDate) -> String {
    let month = month_name(locale, date);
    match locale {
        Locale::fr if date.day() == 1 => format!("1er {month} {}", date.year()),
        Locale::fr => format!("{} {month} {}", date.day(), date.year()),
        Locale::en => format!("{month} {}, {}", date.day(), date.year()),
    }
}

/// A month and its year: `juin 2019`, `June 2019`.
pub fn month_year(locale: Locale, date: NaiveDate) -> String {
    format!("{} {}", month_name(locale, date), date.year())
}

/// A month and its year, abbreviated for an axis tick: `janv. 2019`,
/// `juin 2019`; `Jan 2019`, `Jun 2019`.
pub fn short_month_year(locale: Locale, date: NaiveDate) -> String {
    let names = match locale {
        Locale::fr => &FR_SHORT_MONTHS,
        Locale::en => &EN_SHORT_MONTHS,
    };
    format!("{} {}", names[date.month0() as usize], date.year())
}

/// The separators of a locale: between groups of thousands, before decimals.
fn separators(locale: Locale) -> (char, char) {
    match locale {
        Locale::fr => (NARROW_NBSP, ','),
        Locale::en => (',', '.'),
    }
}

/// Digits grouped by three from the right with `separator`: `1234567` → `1 234 567`.
fn group_thousands(digits: &str, separator: char) -> String {
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3 * 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(separator);
        }
        grouped.push(c);
    }
    grouped
}

/// `value` rounded to `decimals`, as (is negative, grouped digits); a value
/// that rounds to zero is not negative. Not finite values are written as is.
fn unsigned_number(locale: Locale, value: f64, decimals: usize) -> (bool, String) {
    if !value.is_finite() {
        return (false, value.to_string());
    }
    let (group, decimal) = separators(locale);
    // Halves away from zero (1 234,5 → 1 235), as people round; `format!`
    // alone would round them to even.
    let scale = 10f64.powi(decimals.min(15) as i32);
    let rounded = format!("{:.*}", decimals, (value.abs() * scale).round() / scale);
    let (whole, fraction) = rounded.split_once('.').unwrap_or((&rounded, ""));
    let mut text = group_thousands(whole, group);
    if !fraction.is_empty() {
        text.push(decimal);
        text.push_str(fraction);
    }
    let is_zero = rounded.bytes().all(|b| b == b'0' || b == b'.');
    (value < 0.0 && !is_zero, text)
}

/// A number with `decimals` decimals (rounded): `5 889`, `12,5`, `−3`;
/// `5,889`, `12.5`, `−3`. Never `−0`.
pub fn number(locale: Locale, value: f64, decimals: usize) -> String {
    match unsigned_number(locale, value, decimals) {
        (true, text) => format!("{MINUS}{text}"),
        (false, text) => text,
    }
}

/// A percentage (`value` is already in percent): `45 %` (narrow no-break
/// space), `45%`.
pub fn percent(locale: Locale, value: f64, decimals: usize) -> String {
    let n = number(locale, value, decimals);
    match locale {
        Locale::fr => format!("{n}{NARROW_NBSP}%"),
        Locale::en => format!("{n}%"),
    }
}

/// An amount in whole dollars (rounded): `1 250 000 $`, `−500 $`;
/// `$1,250,000`, `−$500`.
pub fn money(locale: Locale, dollars: f64) -> String {
    let (negative, digits) = unsigned_number(locale, dollars, 0);
    let sign = if negative {
        MINUS.to_string()
    } else {
        String::new()
    };
    match locale {
        Locale::fr => format!("{sign}{digits}{NBSP}$"),
        Locale::en => format!("{sign}${digits}"),
    }
}

/// A label and its value: `Cible : 3` (no-break space before the colon in
/// French), `Target: 3`.
pub fn labelled(locale: Locale, label: &str, value: &str) -> String {
    match locale {
        Locale::fr => format!("{label}{NBSP}: {value}"),
        Locale::en => format!("{label}: {value}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn long_dates_put_the_day_first_in_french_and_write_1er() {
        assert_eq!(long_date(Locale::fr, d(2019, 6, 3)), "3 juin 2019");
        assert_eq!(long_date(Locale::fr, d(2019, 6, 1)), "1er juin 2019");
        assert_eq!(long_date(Locale::fr, d(2024, 2, 29)), "29 février 2024");
        assert_eq!(long_date(Locale::en, d(2019, 6, 3)), "June 3, 2019");
        assert_eq!(long_date(Locale::en, d(2019, 6, 1)), "June 1, 2019");
    }

    #[test]
    fn month_and_year_in_full() {
        assert_eq!(month_year(Locale::fr, d(2019, 6, 3)), "juin 2019");
        assert_eq!(month_year(Locale::fr, d(2020, 8, 31)), "août 2020");
        assert_eq!(month_year(Locale::en, d(2019, 6, 3)), "June 2019");
    }

    #[test]
    fn abbreviated_months_use_the_standard_abbreviations() {
        let fr: Vec<String> = (1..=12)
            .map(|m| short_month_year(Locale::fr, d(2019, m, 1)))
            .collect();
        assert_eq!(
            fr,
            [
                "janv. 2019",
                "févr. 2019",
                "mars 2019",
                "avr. 2019",
                "mai 2019",
                "juin 2019",
                "juil. 2019",
                "août 2019",
                "sept. 2019",
                "oct. 2019",
                "nov. 2019",
                "déc. 2019"
            ]
        );
        assert_eq!(short_month_year(Locale::en, d(2019, 1, 15)), "Jan 2019");
        assert_eq!(short_month_year(Locale::en, d(2019, 9, 30)), "Sep 2019");
    }

    #[test]
    fn numbers_group_thousands_by_locale() {
        assert_eq!(number(Locale::fr, 5889.0, 0), "5\u{202f}889");
        assert_eq!(number(Locale::en, 5889.0, 0), "5,889");
        assert_eq!(
            number(Locale::fr, 1_234_567.891, 2),
            "1\u{202f}234\u{202f}567,89"
        );
        assert_eq!(number(Locale::en, 1_234_567.891, 2), "1,234,567.89");
        assert_eq!(number(Locale::fr, 12.5, 1), "12,5");
        assert_eq!(number(Locale::en, 12.5, 1), "12.5");
        assert_eq!(number(Locale::en, 999.0, 0), "999");
        assert_eq!(number(Locale::en, 100_000.0, 0), "100,000");
    }

    #[test]
    fn numbers_round_and_never_write_minus_zero() {
        assert_eq!(number(Locale::en, 2.675, 1), "2.7");
        assert_eq!(number(Locale::en, 999.6, 0), "1,000");
        assert_eq!(number(Locale::fr, 0.0, 0), "0");
        assert_eq!(number(Locale::fr, -0.0, 2), "0,00");
        assert_eq!(number(Locale::en, -0.004, 2), "0.00");
        assert_eq!(number(Locale::en, -0.4, 0), "0");
        assert_eq!(number(Locale::fr, -1234.5, 1), "\u{2212}1\u{202f}234,5");
        assert_eq!(number(Locale::en, -1234.5, 1), "\u{2212}1,234.5");
        assert_eq!(number(Locale::en, -0.6, 0), "\u{2212}1");
    }

    #[test]
    fn percentages_put_a_narrow_space_before_the_sign_in_french() {
        assert_eq!(percent(Locale::fr, 45.0, 0), "45\u{202f}%");
        assert_eq!(percent(Locale::en, 45.0, 0), "45%");
        assert_eq!(percent(Locale::fr, 12.345, 1), "12,3\u{202f}%");
        assert_eq!(percent(Locale::en, -5.0, 0), "\u{2212}5%");
        assert_eq!(percent(Locale::en, 0.0, 0), "0%");
    }

    #[test]
    fn money_is_in_whole_dollars_with_the_sign_where_each_locale_puts_it() {
        assert_eq!(
            money(Locale::fr, 1_250_000.0),
            "1\u{202f}250\u{202f}000\u{a0}$"
        );
        assert_eq!(money(Locale::en, 1_250_000.0), "$1,250,000");
        assert_eq!(money(Locale::fr, -500.0), "\u{2212}500\u{a0}$");
        assert_eq!(money(Locale::en, -500.0), "\u{2212}$500");
        assert_eq!(money(Locale::en, 1234.5), "$1,235");
        assert_eq!(money(Locale::en, 0.0), "$0");
        assert_eq!(money(Locale::fr, -0.4), "0\u{a0}$");
    }

    #[test]
    fn a_label_and_its_value_are_parted_by_each_locale_s_colon() {
        assert_eq!(labelled(Locale::fr, "Cible", "3"), "Cible\u{a0}: 3");
        assert_eq!(labelled(Locale::en, "Target", "3"), "Target: 3");
    }

    #[test]
    fn grouping_handles_every_length() {
        assert_eq!(group_thousands("1", ','), "1");
        assert_eq!(group_thousands("123", ','), "123");
        assert_eq!(group_thousands("1234", ','), "1,234");
        assert_eq!(group_thousands("123456", ','), "123,456");
    }
}
