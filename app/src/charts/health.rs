//! The health chart: how many initiatives were on track, at risk or off
//! track over time.

use super::{message, palette, render, stacked_areas, Frame, Layer, HEIGHT, WIDTH};
use crate::domain::dashboard::HealthCounts as HealthPoint;
use crate::domain::Health;
use crate::i18n::Locale;
use plotters::style::RGBColor;
use serde::{Deserialize, Serialize};

/// The health chart's text, translated by the caller.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthText {
    /// Names the chart (the SVG's `<title>`).
    pub title: String,
    /// Says what it shows, for screen readers (the SVG's `<desc>`).
    pub description: String,
    /// The labels of on track, at risk and off track.
    pub on_track: String,
    pub at_risk: String,
    pub off_track: String,
    /// The y axis' label ("Initiatives").
    pub y_axis: String,
    /// The date column's header in the CSV.
    pub date: String,
    /// Shown instead of the chart when there is no point.
    pub no_data: String,
}

impl HealthText {
    /// The label of `health`.
    pub fn label(&self, health: Health) -> &str {
        match health {
            Health::OnTrack => &self.on_track,
            Health::AtRisk => &self.at_risk,
            Health::OffTrack => &self.off_track,
        }
    }
}

/// The healths from the bottom of the stack up, with their colours; three
/// lightnesses far apart (L* 70, 89, 54) so they part in greyscale.
pub(super) const STACK: [(Health, RGBColor); 3] = [
    (Health::OnTrack, palette::SKY_BLUE),
    (Health::AtRisk, palette::YELLOW),
    (Health::OffTrack, palette::VERMILLION),
];

/// The health chart: on track, at risk and off track counts stacked over
/// time (on track at the bottom). Points are drawn in date order.
pub fn health(id: &str, points: &[HealthPoint], text: &HealthText, locale: Locale) -> String {
    let frame = Frame {
        id,
        title: &text.title,
        description: &text.description,
        no_data: &text.no_data,
        size: (WIDTH, HEIGHT),
    };
    render(&frame, |area| {
        if points.is_empty() {
            return message(area, &text.no_data);
        }
        let mut sorted: Vec<&HealthPoint> = points.iter().collect();
        sorted.sort_by_key(|p| p.date);
        let dates: Vec<_> = sorted.iter().map(|p| p.date).collect();
        let layers: Vec<Layer> = STACK
            .iter()
            .map(|(health, color)| Layer {
                label: text.label(*health),
                color: *color,
                values: sorted.iter().map(|p| p.get(*health)).collect(),
            })
            .collect();
        stacked_areas(area, &dates, &layers, None, &text.y_axis, locale)
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::{assert_accessible, dump, parse, polygons_of, texts, HOSTILE};
    use super::*;
    use chrono::NaiveDate;

    fn text() -> HealthText {
        HealthText {
            title: "Santé des projets".into(),
            description: "Projets dans les délais, à risque ou en retard, par trimestre.".into(),
            on_track: "Dans les délais".into(),
            at_risk: "À risque".into(),
            off_track: "En retard".into(),
            y_axis: "Projets".into(),
            date: "Date".into(),
            no_data: "Aucune donnée".into(),
        }
    }

    /// A point a quarter from 2015 to 2024; nothing off track before 2020.
    fn points() -> Vec<HealthPoint> {
        (0..40)
            .map(|q| HealthPoint {
                date: NaiveDate::from_ymd_opt(2015 + q / 4, (q as u32 % 4) * 3 + 1, 1).unwrap(),
                on_track: 5000 + 20 * q as u32,
                at_risk: 600,
                off_track: if q < 20 { 0 } else { 289 },
            })
            .collect()
    }

    #[test]
    fn it_is_a_named_image_with_one_area_per_health() {
        let svg = health("h", &points(), &text(), Locale::fr);
        dump("health", &svg);
        assert_accessible(&svg, "h", &text().title, &text().description);
        let doc = parse(&svg);
        assert_eq!(polygons_of(&doc, "#56B4E9"), 1);
        assert_eq!(polygons_of(&doc, "#F0E442"), 1);
        assert_eq!(polygons_of(&doc, "#D55E00"), 1);
        let labels = texts(&doc);
        for label in ["Dans les délais", "À risque", "En retard"] {
            assert!(labels.contains(&label.to_owned()), "{labels:?}");
        }
    }

    #[test]
    fn a_health_never_reached_draws_no_area() {
        let early: Vec<HealthPoint> = points().into_iter().take(20).collect();
        let doc_svg = health("h", &early, &text(), Locale::fr);
        assert_eq!(polygons_of(&parse(&doc_svg), "#D55E00"), 0);
    }

    #[test]
    fn years_and_numbers_follow_the_locale() {
        let fr = texts(&parse(&health("h", &points(), &text(), Locale::fr)));
        let en = texts(&parse(&health("h", &points(), &text(), Locale::en)));
        assert!(fr.contains(&"2019".to_owned()), "{fr:?}");
        assert!(fr.contains(&"6\u{202f}000".to_owned()), "{fr:?}");
        assert!(en.contains(&"6,000".to_owned()), "{en:?}");
    }

    #[test]
    fn text_is_escaped_and_output_is_stable() {
        let mut hostile = text();
        hostile.title = HOSTILE.into();
        hostile.at_risk = HOSTILE.into();
        let svg = health("h", &points(), &hostile, Locale::en);
        assert_accessible(&svg, "h", HOSTILE, &text().description);
        assert!(texts(&parse(&svg)).contains(&HOSTILE.to_owned()));
        assert_eq!(svg, health("h", &points(), &hostile, Locale::en));
    }

    #[test]
    fn no_point_says_so() {
        let svg = health("h", &[], &text(), Locale::en);
        assert_accessible(&svg, "h", &text().title, &text().description);
        assert!(texts(&parse(&svg)).contains(&"Aucune donnée".to_owned()));
    }
}
