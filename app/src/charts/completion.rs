//! The completion chart: how many initiatives were in each status over time.

use super::{message, palette, render, stacked_areas, Frame, Layer, HEIGHT, WIDTH};
use crate::domain::history::SeriesPoint;
use crate::domain::Status;
use crate::i18n::Locale;
use plotters::style::RGBColor;
use serde::{Deserialize, Serialize};

/// The completion chart's text, translated by the caller.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompletionText {
    /// Names the chart (the SVG's `<title>`).
    pub title: String,
    /// Says what it shows, for screen readers (the SVG's `<desc>`).
    pub description: String,
    /// The statuses' labels, in [`Status::ALL`] order.
    pub status: [String; 5],
    /// The total line's label.
    pub total: String,
    /// The y axis' label ("Initiatives").
    pub y_axis: String,
    /// The date column's header in the CSV.
    pub date: String,
    /// Shown instead of the chart when there is no point.
    pub no_data: String,
}

impl CompletionText {
    /// The label of `status`.
    pub fn status_label(&self, status: Status) -> &str {
        let index = Status::ALL.iter().position(|s| *s == status).unwrap_or(0);
        &self.status[index]
    }
}

/// The statuses from the bottom of the stack up, with their colours: done
/// work at the bottom, then work under way, then what has not started, then
/// what stopped. Lightness alternates (L* 47, 70, 89, 71, 54).
pub(super) const STACK: [(Status, RGBColor); 5] = [
    (Status::Completed, palette::BLUE),
    (Status::InProgress, palette::SKY_BLUE),
    (Status::Planned, palette::YELLOW),
    (Status::OnHold, palette::ORANGE),
    (Status::Cancelled, palette::VERMILLION),
];

/// The completion chart: the counts of each status stacked over time
/// (completed at the bottom, see [`STACK`]), the total as a line on top.
/// Points are drawn in date order.
pub fn completion(
    id: &str,
    points: &[SeriesPoint],
    text: &CompletionText,
    locale: Locale,
) -> String {
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
        let mut sorted: Vec<&SeriesPoint> = points.iter().collect();
        sorted.sort_by_key(|p| p.date);
        let dates: Vec<_> = sorted.iter().map(|p| p.date).collect();
        let layers: Vec<Layer> = STACK
            .iter()
            .map(|(status, color)| Layer {
                label: text.status_label(*status),
                color: *color,
                values: sorted.iter().map(|p| p.counts.get(*status)).collect(),
            })
            .collect();
        stacked_areas(
            area,
            &dates,
            &layers,
            Some(&text.total),
            &text.y_axis,
            locale,
        )
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::{
        assert_accessible, dump, elements, parse, polygons_of, texts, HOSTILE,
    };
    use super::*;
    use crate::domain::history::StatusCounts;
    use chrono::NaiveDate;

    fn text() -> CompletionText {
        CompletionText {
            title: "Avancement des mesures".into(),
            description: "Nombre de mesures par statut, de janvier à décembre 2019.".into(),
            status: [
                "Prévue".into(),
                "En cours".into(),
                "Terminée".into(),
                "Suspendue".into(),
                "Annulée".into(),
            ],
            total: "Total".into(),
            y_axis: "Mesures".into(),
            date: "Date".into(),
            no_data: "Aucune donnée".into(),
        }
    }

    /// One point a month in 2019; nothing cancelled; 5,889 at the end.
    fn points() -> Vec<SeriesPoint> {
        (1..=12)
            .map(|m| SeriesPoint {
                date: NaiveDate::from_ymd_opt(2019, m, 1).unwrap(),
                counts: StatusCounts {
                    planned: 3000 - 200 * m,
                    in_progress: 2000,
                    completed: 400 * m + 89 * (m / 12),
                    on_hold: 5,
                    cancelled: 0,
                },
            })
            .collect()
    }

    #[test]
    fn it_is_a_named_image_that_scales() {
        let svg = completion("c1", &points(), &text(), Locale::fr);
        dump("completion", &svg);
        assert_accessible(&svg, "c1", &text().title, &text().description);
    }

    #[test]
    fn one_area_per_status_with_counts_and_a_total_line() {
        let svg = completion("c1", &points(), &text(), Locale::fr);
        let doc = parse(&svg);
        for (status, color) in STACK {
            let expected = usize::from(status != Status::Cancelled);
            let hex = format!("#{:02X}{:02X}{:02X}", color.0, color.1, color.2);
            assert_eq!(polygons_of(&doc, &hex), expected, "{status}");
        }
        // The total line: black, 2 units wide, one vertex per point.
        let total: Vec<_> = elements(&doc, "polyline")
            .into_iter()
            .filter(|p| p.attribute("stroke") == Some("#000000"))
            .filter(|p| p.attribute("stroke-width") == Some("2"))
            .collect();
        assert_eq!(total.len(), 1);
        let vertices = total[0]
            .attribute("points")
            .unwrap()
            .split_whitespace()
            .count();
        assert_eq!(vertices, 12);
        // The legend names every status and the total.
        let labels = texts(&doc);
        for label in text().status.iter().chain([&text().total]) {
            assert!(labels.contains(label), "{label} in {labels:?}");
        }
    }

    #[test]
    fn dates_and_numbers_follow_the_locale() {
        let fr = texts(&parse(&completion("c", &points(), &text(), Locale::fr)));
        let en = texts(&parse(&completion("c", &points(), &text(), Locale::en)));
        assert!(fr.contains(&"janv. 2019".to_owned()), "{fr:?}");
        assert!(fr.contains(&"juil. 2019".to_owned()), "{fr:?}");
        assert!(fr.contains(&"2\u{202f}000".to_owned()), "{fr:?}");
        assert!(en.contains(&"Jan 2019".to_owned()), "{en:?}");
        assert!(en.contains(&"Jul 2019".to_owned()), "{en:?}");
        assert!(en.contains(&"2,000".to_owned()), "{en:?}");
    }

    #[test]
    fn text_is_escaped_once() {
        let mut hostile = text();
        hostile.title = HOSTILE.into();
        hostile.description = HOSTILE.into();
        hostile.status[2] = HOSTILE.into();
        let svg = completion("c", &points(), &hostile, Locale::en);
        assert_accessible(&svg, "c", HOSTILE, HOSTILE);
        assert!(texts(&parse(&svg)).contains(&HOSTILE.to_owned()));
        assert!(!svg.contains("&amp;lt;"), "escaped twice");
    }

    #[test]
    fn the_same_input_gives_the_same_bytes() {
        let a = completion("c", &points(), &text(), Locale::fr);
        let mut shuffled = points();
        shuffled.reverse();
        assert_eq!(a, completion("c", &points(), &text(), Locale::fr));
        assert_eq!(a, completion("c", &shuffled, &text(), Locale::fr));
    }

    #[test]
    fn no_point_gives_a_named_image_that_says_so() {
        let svg = completion("c", &[], &text(), Locale::fr);
        assert_accessible(&svg, "c", &text().title, &text().description);
        assert!(texts(&parse(&svg)).contains(&"Aucune donnée".to_owned()));
    }

    #[test]
    fn a_single_point_still_draws_its_areas() {
        let one = &points()[..1];
        let doc_svg = completion("c", one, &text(), Locale::en);
        let doc = parse(&doc_svg);
        assert_eq!(polygons_of(&doc, "#0072B2"), 1);
        assert!(texts(&doc).contains(&"Jan 2019".to_owned()));
    }
}
