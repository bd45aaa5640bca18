//! The domain's parsers, which every form, CSV line and API body goes
//! through: any text gives a value or a field error, never a panic, and
//! what parses prints back to text that parses to the same value.
#![no_main]

use app::domain::*;
use libfuzzer_sys::fuzz_target;

/// The input cut into as many fields as a form has (at `\u{1f}`).
fn fields(text: &str, n: usize) -> Vec<String> {
    let mut parts: Vec<String> = text.split('\u{1f}').map(str::to_owned).collect();
    parts.resize(n, String::new());
    parts
}

fuzz_target!(|bytes: &[u8]| {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return;
    };

    if let Ok(date) = parse_date("as_of", text) {
        assert_eq!(parse_date("as_of", &date.to_string()).unwrap(), date);
    }
    if let Ok(money) = Money::parse("approved_budget", text) {
        let cents = money.cents();
        let printed = format!("{}.{:02}", cents / 100, (cents % 100).abs());
        assert_eq!(Money::parse("approved_budget", &printed).unwrap(), money, "{printed}");
    }
    if let Ok(code) = Code::parse("code", text) {
        assert_eq!(Code::parse("code", code.as_str()).unwrap(), code);
    }
    let _ = Email::parse("email", text);
    let _ = optional_text("issues_fr", text, input::TEXT_MAX);

    let f = fields(text, 16);
    let update = StatusUpdateForm {
        initiative_id: f[0].clone(),
        as_of: f[1].clone(),
        status: f[2].clone(),
        health: f[3].clone(),
        schedule_health: f[4].clone(),
        cost_health: f[5].clone(),
        scope_health: f[6].clone(),
        percent_complete: f[7].clone(),
        approved_budget: f[8].clone(),
        spent_to_date: f[9].clone(),
        forecast_at_completion: f[10].clone(),
        accomplishments_fr: f[11].clone(),
        issues_en: f[12].clone(),
        supersedes: f[13].clone(),
        ..Default::default()
    };
    if let Err(errors) = update.parse() {
        assert!(!errors.0.is_empty(), "a refusal names at least one field");
    }
    let initiative = InitiativeForm {
        parent_id: f[0].clone(),
        kind: f[1].clone(),
        code: f[2].clone(),
        title_fr: f[3].clone(),
        title_en: f[4].clone(),
        start_date: f[5].clone(),
        target_date: f[6].clone(),
        weight: f[7].clone(),
        visibility: f[8].clone(),
        themes: f[9].clone(),
        ..Default::default()
    };
    if let Err(errors) = initiative.parse() {
        assert!(!errors.0.is_empty(), "a refusal names at least one field");
    }
});
