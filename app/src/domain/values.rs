//! Small values that are valid by construction: a percentage is 0–100, a
//! code is short and plain, a date range does not end before it starts…
//! Each `parse` takes the name of the field it reads, for its error.

use super::error::{FieldError, Problem};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// A share of work done, 0 to 100 inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "i64", into = "i64")]
pub struct Percent(u8);

impl Percent {
    pub const ZERO: Percent = Percent(0);
    pub const FULL: Percent = Percent(100);

    pub fn new(field: &str, value: i64) -> Result<Self, FieldError> {
        u8::try_from(value)
            .ok()
            .filter(|v| *v <= 100)
            .map(Percent)
            .ok_or_else(|| out_of_range(field, value, 0, 100))
    }

    /// Parses `"42"` or `"42 %"`.
    pub fn parse(field: &str, text: &str) -> Result<Self, FieldError> {
        let digits = text.trim().trim_end_matches('%').trim();
        if digits.is_empty() {
            return Err(FieldError::new(field, Problem::Required));
        }
        let value: i64 = digits
            .parse()
            .map_err(|_| malformed(field, text, "a whole number from 0 to 100"))?;
        Percent::new(field, value)
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

impl TryFrom<i64> for Percent {
    type Error = FieldError;
    fn try_from(value: i64) -> Result<Self, Self::Error> {
        Percent::new("percent_complete", value)
    }
}

impl From<Percent> for i64 {
    fn from(p: Percent) -> i64 {
        i64::from(p.0)
    }
}

/// An initiative's code (`M-12`, `SGTI-2015`): 1–32 letters, digits, `.`, `-`
/// or `_`. Unique among the children of one parent.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Code(String);

impl Code {
    pub const MAX_LEN: usize = 32;

    pub fn parse(field: &str, text: &str) -> Result<Self, FieldError> {
        let code = text.trim();
        if code.is_empty() {
            return Err(FieldError::new(field, Problem::Required));
        }
        if code.chars().count() > Self::MAX_LEN {
            return Err(FieldError::new(
                field,
                Problem::TooLong { max: Self::MAX_LEN },
            ));
        }
        if let Some(bad) = code
            .chars()
            .find(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_')))
        {
            return Err(FieldError::new(
                field,
                Problem::InvalidCharacter { character: bad },
            ));
        }
        Ok(Code(code.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Code {
    type Error = FieldError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Code::parse("code", &value)
    }
}

impl From<Code> for String {
    fn from(code: Code) -> String {
        code.0
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Text that must be given, trimmed, at most `max` characters.
pub fn required_text(field: &str, text: &str, max: usize) -> Result<String, FieldError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(FieldError::new(field, Problem::Required));
    }
    optional_text(field, text, max).map(|t| t.unwrap_or_default())
}

/// Text that may be empty (then `None`), trimmed, at most `max` characters.
pub fn optional_text(field: &str, text: &str, max: usize) -> Result<Option<String>, FieldError> {
    let text = text.trim();
    if text.chars().count() > max {
        return Err(FieldError::new(field, Problem::TooLong { max }));
    }
    // Control characters have no place in text people read (PostgreSQL
    // refuses NUL outright); line breaks and tabs are text.
    if let Some(character) = text
        .chars()
        .find(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(FieldError::new(
            field,
            Problem::InvalidCharacter { character },
        ));
    }
    Ok((!text.is_empty()).then(|| text.to_owned()))
}

/// A date written `YYYY-MM-DD`.
pub fn parse_date(field: &str, text: &str) -> Result<NaiveDate, FieldError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(FieldError::new(field, Problem::Required));
    }
    // Four digits for the year, nothing more (chrono would read `+10000`).
    let shape = text.len() == 10 && text.as_bytes()[4] == b'-' && text.as_bytes()[7] == b'-';
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .filter(|_| shape)
        .ok_or_else(|| malformed(field, text, "a date (YYYY-MM-DD)"))?;
    if !(EARLIEST_DATE..=LATEST_DATE).contains(&date) {
        return Err(FieldError::new(
            field,
            Problem::OutOfRange {
                value: text.to_owned(),
                min: EARLIEST_DATE.to_string(),
                max: LATEST_DATE.to_string(),
            },
        ));
    }
    Ok(date)
}

/// The dates a record may hold: a year 1 or 9999 is a typing error, not a
/// plan, and would stretch every chart and timeline to it.
pub const EARLIEST_DATE: NaiveDate = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap();
pub const LATEST_DATE: NaiveDate = NaiveDate::from_ymd_opt(2199, 12, 31).unwrap();

/// A date that may be left empty.
pub fn parse_optional_date(field: &str, text: &str) -> Result<Option<NaiveDate>, FieldError> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        parse_date(field, text).map(Some)
    }
}

/// A start and a target date, either optional; the target is not before the start.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DateRange {
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
}

impl DateRange {
    /// `end_field` names the field blamed when the end comes first.
    pub fn new(
        end_field: &str,
        start: Option<NaiveDate>,
        end: Option<NaiveDate>,
    ) -> Result<Self, FieldError> {
        match (start, end) {
            (Some(s), Some(e)) if e < s => Err(FieldError::new(
                end_field,
                Problem::EndsBeforeStart {
                    start: s.to_string(),
                    end: e.to_string(),
                },
            )),
            _ => Ok(DateRange { start, end }),
        }
    }

    pub fn start(&self) -> Option<NaiveDate> {
        self.start
    }

    pub fn end(&self) -> Option<NaiveDate> {
        self.end
    }
}

/// An amount of money in cents (dollars on the wire as a decimal string or number).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Money(pub i64);

impl Money {
    /// Parses `1234`, `1234.5`, `1 234,50 $` or `$1,234.50` (non-negative).
    pub fn parse(field: &str, text: &str) -> Result<Self, FieldError> {
        let cleaned: String = text
            .trim()
            .chars()
            .filter(|c| !matches!(c, '$' | ' ' | '\u{a0}' | '\u{202f}'))
            .collect();
        if cleaned.is_empty() {
            return Err(FieldError::new(field, Problem::Required));
        }
        // A comma is a decimal separator in French and a thousands separator in English.
        let normalised = match (cleaned.rfind(','), cleaned.rfind('.')) {
            (Some(c), Some(d)) if c > d => cleaned.replace('.', "").replace(',', "."),
            (Some(_), Some(_)) => cleaned.replace(',', ""),
            (Some(c), None) if cleaned.matches(',').count() == 1 && cleaned.len() - c - 1 <= 2 => {
                cleaned.replace(',', ".")
            }
            (Some(_), None) => cleaned.replace(',', ""),
            _ => cleaned,
        };
        let expected = "an amount in dollars (e.g. 1234.56)";
        let (whole, frac) = normalised.split_once('.').unwrap_or((&normalised, ""));
        if whole.is_empty()
            || !whole.chars().all(|c| c.is_ascii_digit())
            || frac.len() > 2
            || !frac.chars().all(|c| c.is_ascii_digit())
        {
            return Err(malformed(field, text, expected));
        }
        let whole: i64 = whole
            .parse()
            .map_err(|_| malformed(field, text, expected))?;
        let cents: i64 = format!("{frac:0<2}").parse().unwrap_or(0);
        whole
            .checked_mul(100)
            .and_then(|w| w.checked_add(cents))
            .map(Money)
            .ok_or_else(|| malformed(field, text, expected))
    }

    pub fn cents(self) -> i64 {
        self.0
    }

    pub fn dollars(self) -> f64 {
        self.0 as f64 / 100.0
    }
}

/// The weight of an initiative in its parent's roll-up (1 by default), 0–1000.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd, Serialize, Deserialize)]
pub struct Weight(f64);

impl Weight {
    pub const DEFAULT: Weight = Weight(1.0);

    pub fn new(field: &str, value: f64) -> Result<Self, FieldError> {
        if value.is_finite() && (0.0..=1000.0).contains(&value) {
            Ok(Weight(value))
        } else {
            Err(out_of_range(field, value, 0, 1000))
        }
    }

    pub fn parse(field: &str, text: &str) -> Result<Self, FieldError> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(Weight::DEFAULT);
        }
        let value: f64 = text
            .replace(',', ".")
            .parse()
            .map_err(|_| malformed(field, text, "a number"))?;
        Weight::new(field, value)
    }

    pub fn get(self) -> f64 {
        self.0
    }
}

/// A measured quantity (an indicator value, a baseline, a target).
pub fn parse_quantity(field: &str, text: &str) -> Result<f64, FieldError> {
    let cleaned: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    if cleaned.is_empty() {
        return Err(FieldError::new(field, Problem::Required));
    }
    cleaned
        .replace(',', ".")
        .parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| malformed(field, text, "a number"))
}

fn out_of_range(
    field: &str,
    value: impl ToString,
    min: impl ToString,
    max: impl ToString,
) -> FieldError {
    FieldError::new(
        field,
        Problem::OutOfRange {
            value: value.to_string(),
            min: min.to_string(),
            max: max.to_string(),
        },
    )
}

fn malformed(field: &str, value: &str, expected: &str) -> FieldError {
    FieldError::new(
        field,
        Problem::Malformed {
            value: value.trim().to_owned(),
            expected: expected.to_owned(),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_percentage_is_0_to_100() {
        assert_eq!(Percent::parse("percent_complete", "0").unwrap().get(), 0);
        assert_eq!(
            Percent::parse("percent_complete", " 100 % ").unwrap().get(),
            100
        );
        let err = Percent::parse("percent_complete", "101").unwrap_err();
        assert_eq!(err.field, "percent_complete");
        assert!(matches!(err.problem, Problem::OutOfRange { .. }));
        assert!(matches!(
            Percent::new("p", -1).unwrap_err().problem,
            Problem::OutOfRange { .. }
        ));
        assert!(matches!(
            Percent::parse("p", "4.5").unwrap_err().problem,
            Problem::Malformed { .. }
        ));
        assert!(serde_json::from_str::<Percent>("120").is_err());
    }

    #[test]
    fn a_code_is_short_and_plain() {
        assert_eq!(Code::parse("code", " M-12 ").unwrap().as_str(), "M-12");
        assert_eq!(
            Code::parse("code", "").unwrap_err().problem,
            Problem::Required
        );
        assert_eq!(
            Code::parse("code", "M 12").unwrap_err().problem,
            Problem::InvalidCharacter { character: ' ' }
        );
        assert_eq!(
            Code::parse("code", &"x".repeat(33)).unwrap_err().problem,
            Problem::TooLong { max: 32 }
        );
    }

    #[test]
    fn a_date_range_does_not_end_before_it_starts() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert!(
            DateRange::new("target_date", Some(d("2019-06-03")), Some(d("2023-12-31"))).is_ok()
        );
        assert!(
            DateRange::new("target_date", Some(d("2019-06-03")), Some(d("2019-06-03"))).is_ok()
        );
        assert!(DateRange::new("target_date", None, Some(d("2019-06-03"))).is_ok());
        let err = DateRange::new("target_date", Some(d("2023-01-01")), Some(d("2022-12-31")))
            .unwrap_err();
        assert_eq!(err.field, "target_date");
        assert!(matches!(err.problem, Problem::EndsBeforeStart { .. }));
    }

    #[test]
    fn dates_are_iso() {
        assert_eq!(
            parse_date("as_of", "2019-10-10").unwrap().to_string(),
            "2019-10-10"
        );
        assert!(matches!(
            parse_date("as_of", "10/10/2019").unwrap_err().problem,
            Problem::Malformed { .. }
        ));
        assert!(matches!(
            parse_date("as_of", "2019-02-30").unwrap_err().problem,
            Problem::Malformed { .. }
        ));
        assert_eq!(parse_optional_date("actual_date", " ").unwrap(), None);
        for extreme in ["0001-01-01", "1899-12-31", "2200-01-01", "9999-12-31"] {
            assert!(
                matches!(
                    parse_date("as_of", extreme).unwrap_err().problem,
                    Problem::OutOfRange { .. }
                ),
                "{extreme}"
            );
        }
        for odd in ["+10000-01-01", "-0001-01-01", "2019-1-10", "20191-01-01"] {
            assert!(
                matches!(
                    parse_date("as_of", odd).unwrap_err().problem,
                    Problem::Malformed { .. }
                ),
                "{odd}"
            );
        }
        assert!(parse_date("as_of", "1900-01-01").is_ok());
        assert_eq!(
            optional_text("issues_fr", "avant\u{0}après", 100)
                .unwrap_err()
                .problem,
            Problem::InvalidCharacter { character: '\u{0}' }
        );
        assert_eq!(
            optional_text("issues_fr", "ligne 1\r\n\tligne 2", 100).unwrap(),
            Some("ligne 1\r\n\tligne 2".to_owned())
        );
        assert!(parse_date("as_of", "2199-12-31").is_ok());
    }

    #[test]
    fn money_reads_both_languages_conventions() {
        assert_eq!(
            Money::parse("approved_budget", "150000000").unwrap(),
            Money(15_000_000_000)
        );
        assert_eq!(
            Money::parse("approved_budget", "1 234,50 $").unwrap(),
            Money(123_450)
        );
        assert_eq!(
            Money::parse("approved_budget", "$1,234.50").unwrap(),
            Money(123_450)
        );
        assert_eq!(
            Money::parse("approved_budget", "12,5").unwrap(),
            Money(1_250)
        );
        assert_eq!(
            Money::parse("approved_budget", "1,234,567").unwrap(),
            Money(123_456_700)
        );
        assert!(Money::parse("approved_budget", "-5").is_err());
        assert!(Money::parse("approved_budget", "1.234").is_err());
        assert!(Money::parse("approved_budget", "abc").is_err());
    }

    #[test]
    fn weights_and_quantities() {
        assert_eq!(Weight::parse("weight", "").unwrap(), Weight::DEFAULT);
        assert_eq!(Weight::parse("weight", "2,5").unwrap().get(), 2.5);
        assert!(Weight::parse("weight", "-1").is_err());
        assert_eq!(parse_quantity("value", "5 889").unwrap(), 5889.0);
        assert!(parse_quantity("value", "NaN").is_err());
    }
}
