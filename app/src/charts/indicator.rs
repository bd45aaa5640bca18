//! The indicator chart: an indicator's measured values against its planned
//! path from baseline to target.

use super::{
    day, draw_marker, legend, message, palette, render, text_style, time_chart, Frame, Marker,
    NumberTicks, Swatch, DASH, HEIGHT, WIDTH,
};
use crate::domain::history::IndicatorSeries;
use crate::format;
use crate::i18n::Locale;
use chrono::NaiveDate;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::{Deserialize, Serialize};

/// The indicator chart's text, translated by the caller.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorText {
    /// Names the chart (the SVG's `<title>`).
    pub title: String,
    /// Says what it shows, for screen readers (the SVG's `<desc>`).
    pub description: String,
    /// The measured values' label.
    pub actual: String,
    /// The planned path's label.
    pub planned: String,
    /// The target's label.
    pub target: String,
    /// The indicator's unit, on the y axis ("centres", "%").
    pub unit: String,
    /// The date column's header in the CSV.
    pub date: String,
    /// Shown instead of the chart when there is nothing to draw.
    pub no_data: String,
}

/// Measured values: a solid blue line with dots.
const ACTUAL: RGBColor = palette::BLUE;
/// The planned path: a dashed black line.
const PLANNED: RGBColor = palette::BLACK;
/// The target: a bluish green dashed vertical line and triangle.
const TARGET: RGBColor = palette::BLUISH_GREEN;

/// The fewest decimals (at most two) that write `value` as rounded to two.
fn decimals_of(value: f64) -> usize {
    let hundredths = (value.abs() * 100.0).round() as i64;
    match hundredths {
        h if h % 100 == 0 => 0,
        h if h % 10 == 0 => 1,
        _ => 2,
    }
}

/// The target's label: `Cible : 5 889 boîtes (juin 2019)`.
fn target_label(text: &IndicatorText, target: (NaiveDate, f64), locale: Locale) -> String {
    let (date, value) = target;
    let mut amount = format::number(locale, value, decimals_of(value));
    if !text.unit.is_empty() {
        amount = format!("{amount} {}", text.unit);
    }
    format::labelled(
        locale,
        &text.target,
        &format!("{amount} ({})", format::month_year(locale, date)),
    )
}

/// The indicator chart: measured values as a solid line with dots, the
/// planned path (baseline to target) as a dashed line, and a vertical
/// marker at the target date labelled with the target value; the unit
/// names the y axis.
pub fn indicator(
    id: &str,
    series: &IndicatorSeries,
    text: &IndicatorText,
    locale: Locale,
) -> String {
    let frame = Frame {
        id,
        title: &text.title,
        description: &text.description,
        no_data: &text.no_data,
        size: (WIDTH, HEIGHT),
    };
    let target = series.indicator.target;
    render(&frame, |area| {
        let points: Vec<(NaiveDate, f64)> = series
            .actual
            .iter()
            .chain(&series.planned)
            .chain(&target)
            .copied()
            .filter(|(_, v)| v.is_finite())
            .collect();
        let (Some(from), Some(to)) = (
            points.iter().map(|p| p.0).min(),
            points.iter().map(|p| p.0).max(),
        ) else {
            return message(area, &text.no_data);
        };
        let (width, _) = area.dim_in_pixel();
        let mut items = vec![(
            text.actual.as_str(),
            Swatch::Line {
                color: ACTUAL,
                marker: true,
            },
        )];
        if !series.planned.is_empty() {
            items.push((text.planned.as_str(), Swatch::Dashed(PLANNED)));
        }
        if target.is_some() {
            items.push((
                text.target.as_str(),
                Swatch::Marker(Marker::Triangle(TARGET)),
            ));
        }
        let legend_height = legend(area, &items, 12, 6, width as i32 - 24)?;
        // Room above the plot for the target's label.
        let (_, plot) = area.split_vertically(legend_height + 12 + 22);

        let low = points.iter().map(|p| p.1).fold(0.0, f64::min);
        let high = points.iter().map(|p| p.1).fold(f64::MIN, f64::max);
        let y = NumberTicks::new(low, high, 6, false);
        let y_label = |v: f64| format::number(locale, v, y.decimals);
        let chart = time_chart(&plot, from, to, &y, &y_label, &text.unit, locale)?;
        let drawing = chart.plotting_area();

        if !series.planned.is_empty() {
            let path: Vec<(f64, f64)> = series.planned.iter().map(|(d, v)| (day(*d), *v)).collect();
            drawing.draw(&DashedPathElement::new(
                path,
                DASH.0,
                DASH.1,
                PLANNED.stroke_width(2),
            ))?;
        }
        if let Some((date, value)) = target {
            let (y_low, y_high) = (y.values[0], y.values[y.values.len() - 1]);
            drawing.draw(&DashedPathElement::new(
                vec![(day(date), y_low), (day(date), y_high)],
                DASH.0,
                DASH.1,
                TARGET.stroke_width(2),
            ))?;
            draw_marker(drawing, (day(date), value), Marker::Triangle(TARGET))?;
            // Above the plot, on the side of the line with more room.
            let (x, top) = chart.backend_coord(&(day(date), y_high));
            let (middle, _) = chart.backend_coord(&((day(from) + day(to)) / 2.0, y_high));
            let (anchor, x) = if x > middle {
                (HPos::Right, x - 4)
            } else {
                (HPos::Left, x + 4)
            };
            area.draw(&Text::new(
                target_label(text, (date, value), locale),
                (x, top - 6),
                text_style(&super::TEXT, Pos::new(anchor, VPos::Bottom)),
            ))?;
        }
        let actual: Vec<(f64, f64)> = series
            .actual
            .iter()
            .filter(|(_, v)| v.is_finite())
            .map(|(d, v)| (day(*d), *v))
            .collect();
        drawing.draw(&PathElement::new(actual.clone(), ACTUAL.stroke_width(3)))?;
        for point in actual {
            draw_marker(drawing, point, Marker::Dot(ACTUAL))?;
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::{assert_accessible, dump, elements, parse, texts, HOSTILE};
    use super::*;
    use crate::domain::history::indicator_series;
    use crate::domain::{Bilingual, Code, Direction, Indicator, IndicatorId, InitiativeId};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn text() -> IndicatorText {
        IndicatorText {
            title: "Boîtes aux lettres migrées".into(),
            description: "Valeurs mesurées et trajectoire prévue jusqu'à la cible.".into(),
            actual: "Mesuré".into(),
            planned: "Prévu".into(),
            target: "Cible".into(),
            unit: "boîtes".into(),
            date: "Date".into(),
            no_data: "Aucune valeur".into(),
        }
    }

    fn series(values: Vec<(NaiveDate, f64)>) -> IndicatorSeries {
        let indicator = Indicator {
            id: IndicatorId(1),
            initiative_id: InitiativeId(1),
            code: Code::parse("code", "BAL").unwrap(),
            name: Bilingual::new("Boîtes", "Mailboxes"),
            unit: Bilingual::new("boîtes", "mailboxes"),
            direction: Direction::Up,
            baseline: Some((d(2017, 1, 1), 0.0)),
            target: Some((d(2019, 6, 30), 5889.0)),
        };
        indicator_series(indicator, values)
    }

    fn measured() -> IndicatorSeries {
        series(vec![
            (d(2017, 6, 30), 400.0),
            (d(2018, 1, 31), 1500.5),
            (d(2018, 12, 31), 3200.0),
            (d(2019, 3, 31), 4100.0),
        ])
    }

    #[test]
    fn it_is_a_named_image_with_actual_planned_and_target() {
        let svg = indicator("i", &measured(), &text(), Locale::fr);
        dump("indicator", &svg);
        assert_accessible(&svg, "i", &text().title, &text().description);
        let doc = parse(&svg);
        // The measured line: one blue polyline through the four values (the
        // legend's swatch has two points), a dot on each.
        let blue_lines: Vec<usize> = elements(&doc, "polyline")
            .iter()
            .filter(|p| p.attribute("stroke") == Some("#0072B2"))
            .map(|p| p.attribute("points").unwrap().split_whitespace().count())
            .collect();
        assert_eq!(blue_lines, [2, 4]);
        let dots = elements(&doc, "circle")
            .iter()
            .filter(|c| c.attribute("fill") == Some("#0072B2"))
            .count();
        assert_eq!(dots, 4 + 1);
        // The planned path and the target line are dashed: many short pieces.
        let dashes = |color: &str| {
            elements(&doc, "polyline")
                .iter()
                .filter(|p| p.attribute("stroke") == Some(color))
                .count()
        };
        assert!(dashes("#000000") > 10);
        assert!(dashes("#009E73") > 10);
        // The y axis is named by the unit.
        assert!(texts(&doc).contains(&"boîtes".to_owned()));
    }

    #[test]
    fn the_target_label_and_the_axes_follow_the_locale() {
        let fr = texts(&parse(&indicator("i", &measured(), &text(), Locale::fr)));
        let en = texts(&parse(&indicator("i", &measured(), &text(), Locale::en)));
        assert!(
            fr.contains(&"Cible\u{a0}: 5\u{202f}889 boîtes (juin 2019)".to_owned()),
            "{fr:?}"
        );
        assert!(
            en.contains(&"Cible: 5,889 boîtes (June 2019)".to_owned()),
            "{en:?}"
        );
        assert!(fr.contains(&"6\u{202f}000".to_owned()), "{fr:?}");
        assert!(en.contains(&"6,000".to_owned()), "{en:?}");
        assert!(fr.contains(&"janv. 2018".to_owned()), "{fr:?}");
        assert!(en.contains(&"Jan 2018".to_owned()), "{en:?}");
    }

    #[test]
    fn text_is_escaped_and_output_is_stable() {
        let mut hostile = text();
        hostile.title = HOSTILE.into();
        hostile.actual = HOSTILE.into();
        hostile.unit = HOSTILE.into();
        let svg = indicator("i", &measured(), &hostile, Locale::en);
        assert_accessible(&svg, "i", HOSTILE, &text().description);
        assert!(texts(&parse(&svg)).contains(&HOSTILE.to_owned()));
        assert_eq!(svg, indicator("i", &measured(), &hostile, Locale::en));
    }

    #[test]
    fn without_value_nor_plan_it_says_so() {
        let mut empty = series(Vec::new());
        empty.indicator.baseline = None;
        empty.indicator.target = None;
        empty.planned.clear();
        let svg = indicator("i", &empty, &text(), Locale::fr);
        assert_accessible(&svg, "i", &text().title, &text().description);
        assert!(texts(&parse(&svg)).contains(&"Aucune valeur".to_owned()));
    }

    #[test]
    fn decimals_are_only_those_the_value_needs() {
        assert_eq!(decimals_of(3.0), 0);
        assert_eq!(decimals_of(12.5), 1);
        assert_eq!(decimals_of(0.25), 2);
        assert_eq!(decimals_of(1.0 / 3.0), 2);
    }
}
