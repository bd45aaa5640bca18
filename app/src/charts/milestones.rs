//! The milestone chart: each milestone's baseline, forecast and actual
//! dates on one row, the slippage between them, and today.

use super::{
    date_axis, date_label, day, draw_marker, legend, legend_layout, message, palette, render,
    text_style, truncate, Axis, Frame, Marker, Swatch, AXIS, DASH, GRID, LEGEND_LINE, TEXT, WIDTH,
};
use crate::format;
use crate::i18n::Locale;
use chrono::NaiveDate;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::{Deserialize, Serialize};

/// One milestone's row.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MilestoneBar {
    /// Its title (cut to fit the chart; the page's table has it whole).
    pub label: String,
    /// The original plan.
    pub baseline: NaiveDate,
    /// The current plan.
    pub forecast: NaiveDate,
    /// When it was reached, once it has been.
    pub actual: Option<NaiveDate>,
}

impl MilestoneBar {
    /// The date it was or will be reached: the actual, else the forecast.
    pub fn end(&self) -> NaiveDate {
        self.actual.unwrap_or(self.forecast)
    }

    /// Days from the baseline to [`end`](Self::end); positive is late.
    pub fn slippage_days(&self) -> i64 {
        (self.end() - self.baseline).num_days()
    }
}

/// The milestone chart's text, translated by the caller.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MilestoneText {
    /// Names the chart (the SVG's `<title>`).
    pub title: String,
    /// Says what it shows, for screen readers (the SVG's `<desc>`).
    pub description: String,
    /// The milestone column's header in the CSV.
    pub milestone: String,
    /// The labels of the three dates.
    pub baseline: String,
    pub forecast: String,
    pub actual: String,
    /// The bar of a milestone later than its baseline (and, in the CSV, the
    /// column of days late, negative when early).
    pub slippage: String,
    /// The bar of a milestone earlier than its baseline.
    pub ahead: String,
    /// The label of today's line.
    pub today: String,
    /// Shown instead of the chart when there is no milestone.
    pub no_data: String,
}

/// Height of a milestone's row.
const ROW: u32 = 30;
/// Width of the labels' column, left of the plot.
const LABELS: u32 = 230;
/// Above the rows: the legend's top margin, and the line of today's label.
const TOP: u32 = 8;
const TODAY_LINE: u32 = 24;
/// Below the rows: the date axis.
const BOTTOM: u32 = 40;

/// Baseline: an empty black ring.
const BASELINE: Marker = Marker::Ring(palette::BLACK);
/// Forecast (not reached yet): a blue triangle.
const FORECAST: Marker = Marker::Triangle(palette::BLUE);
/// Actual: a filled black dot.
const ACTUAL: Marker = Marker::Dot(palette::BLACK);
/// Late: a filled vermillion bar; early: a bluish green outline.
const LATE: RGBColor = palette::VERMILLION;
const EARLY: RGBColor = palette::BLUISH_GREEN;

/// The legend's items.
fn legend_items(text: &MilestoneText) -> [(&str, Swatch); 6] {
    [
        (text.baseline.as_str(), Swatch::Marker(BASELINE)),
        (text.forecast.as_str(), Swatch::Marker(FORECAST)),
        (text.actual.as_str(), Swatch::Marker(ACTUAL)),
        (text.slippage.as_str(), Swatch::Fill(LATE)),
        (text.ahead.as_str(), Swatch::Outline(EARLY)),
        (text.today.as_str(), Swatch::Dashed(palette::BLACK)),
    ]
}

/// Height of the legend.
fn legend_height(text: &MilestoneText) -> u32 {
    let labels: Vec<&str> = legend_items(text).iter().map(|(l, _)| *l).collect();
    let (_, height) = legend_layout(&labels, 12, 0, WIDTH as i32 - 24);
    height.max(LEGEND_LINE) as u32
}

/// The chart's height: the legend, today's label, a row per milestone, the axis.
fn height(rows: usize, text: &MilestoneText) -> u32 {
    TOP + legend_height(text) + TODAY_LINE + ROW * (rows.max(3) as u32) + BOTTOM
}

/// The y of row `i` (of `n`) in the chart's coordinates: the first row on top.
fn row_y(i: usize, n: usize) -> f64 {
    (n - i) as f64 - 0.5
}

/// The milestone chart: a row per milestone (in the order given) with its
/// label cut to fit, a ring at the baseline, a triangle at the forecast
/// while it is not reached, a dot at the actual date once it is, and a bar
/// from the baseline to the forecast or actual date: filled when late
/// (slippage), an outline when early; a dashed line marks today.
pub fn milestones(
    id: &str,
    rows: &[MilestoneBar],
    today: NaiveDate,
    text: &MilestoneText,
    locale: Locale,
) -> String {
    let frame = Frame {
        id,
        title: &text.title,
        description: &text.description,
        no_data: &text.no_data,
        size: (WIDTH, height(rows.len(), text)),
    };
    render(&frame, |area| {
        if rows.is_empty() {
            return message(area, &text.no_data);
        }
        let legend_height = legend(area, &legend_items(text), 12, TOP as i32, WIDTH as i32 - 24)?;
        let (_, plot) = area.split_vertically(TOP as i32 + legend_height + TODAY_LINE as i32);

        let dates = rows
            .iter()
            .flat_map(|r| [Some(r.baseline), Some(r.forecast), r.actual])
            .flatten()
            .chain([today]);
        let (from, to) = (
            dates.clone().min().unwrap_or(today),
            dates.max().unwrap_or(today),
        );
        let (x_axis, unit) = date_axis(from, to);
        let n = rows.len();
        let y_axis = Axis {
            range: 0.0..n as f64,
            ticks: (0..n).map(|i| row_y(i, n)).collect(),
        };
        let mut chart = ChartBuilder::on(&plot)
            .margin_right(24)
            .x_label_area_size(BOTTOM - 6)
            .y_label_area_size(LABELS)
            .build_cartesian_2d(x_axis, y_axis)?;
        let x_fmt = |d: &f64| date_label(locale, unit, *d);
        let labels: Vec<String> = rows
            .iter()
            .map(|r| truncate(&r.label, LABELS as i32 - 16).into_owned())
            .collect();
        let y_fmt = |y: &f64| {
            let i = (n as f64 - 0.5 - y).round() as usize;
            labels.get(i).cloned().unwrap_or_default()
        };
        chart
            .configure_mesh()
            .disable_x_mesh()
            .bold_line_style(GRID.stroke_width(1))
            .axis_style(AXIS.stroke_width(1))
            .label_style(super::label_style())
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .draw()?;
        let drawing = chart.plotting_area();

        for (i, row) in rows.iter().enumerate() {
            let y = row_y(i, n);
            let (start, end) = (day(row.baseline), day(row.end()));
            let bar = [(start.min(end), y - 0.17), (start.max(end), y + 0.17)];
            if end > start {
                drawing.draw(&Rectangle::new(bar, LATE.filled()))?;
            } else if end < start {
                drawing.draw(&Rectangle::new(bar, EARLY.stroke_width(2)))?;
            }
            draw_marker(drawing, (start, y), BASELINE)?;
            match row.actual {
                Some(actual) => draw_marker(drawing, (day(actual), y), ACTUAL)?,
                None => draw_marker(drawing, (day(row.forecast), y), FORECAST)?,
            }
        }

        let x = day(today);
        drawing.draw(&DashedPathElement::new(
            vec![(x, 0.0), (x, n as f64)],
            DASH.0,
            DASH.1,
            palette::BLACK.stroke_width(2),
        ))?;
        let (px, top) = chart.backend_coord(&(x, n as f64));
        let (middle, _) = chart.backend_coord(&((day(from) + day(to)) / 2.0, 0.0));
        let anchor = if px > middle { HPos::Right } else { HPos::Left };
        area.draw(&Text::new(
            format::labelled(locale, &text.today, &format::long_date(locale, today)),
            (px, top - 6),
            text_style(&TEXT, Pos::new(anchor, VPos::Bottom)),
        ))?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::{assert_accessible, dump, elements, parse, texts, HOSTILE};
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn text() -> MilestoneText {
        MilestoneText {
            title: "Jalons du programme".into(),
            description: "Dates de référence, prévues et réelles de chaque jalon.".into(),
            milestone: "Jalon".into(),
            baseline: "Référence".into(),
            forecast: "Prévision".into(),
            actual: "Réel".into(),
            slippage: "Glissement".into(),
            ahead: "Avance".into(),
            today: "Aujourd'hui".into(),
            no_data: "Aucun jalon".into(),
        }
    }

    /// Late and reached; late and not reached; early; on time.
    fn rows() -> Vec<MilestoneBar> {
        vec![
            MilestoneBar {
                label: "Appel d'offres lancé pour l'ensemble des ministères et organismes".into(),
                baseline: d(2018, 3, 31),
                forecast: d(2018, 9, 30),
                actual: Some(d(2018, 10, 15)),
            },
            MilestoneBar {
                label: "Déploiement complet".into(),
                baseline: d(2022, 6, 30),
                forecast: d(2028, 12, 31),
                actual: None,
            },
            MilestoneBar {
                label: "Projet pilote".into(),
                baseline: d(2019, 6, 30),
                forecast: d(2019, 6, 1),
                actual: Some(d(2019, 6, 1)),
            },
            MilestoneBar {
                label: "Bilan".into(),
                baseline: d(2020, 1, 31),
                forecast: d(2020, 1, 31),
                actual: None,
            },
        ]
    }

    fn fill_count(doc: &roxmltree::Document, name: &str, fill: &str) -> usize {
        elements(doc, name)
            .iter()
            .filter(|e| e.attribute("fill") == Some(fill))
            .count()
    }

    #[test]
    fn it_is_a_named_image_one_row_per_milestone() {
        let svg = milestones("m", &rows(), d(2019, 6, 3), &text(), Locale::fr);
        dump("milestones", &svg);
        assert_accessible(&svg, "m", &text().title, &text().description);
        let doc = parse(&svg);
        let root = doc.root_element();
        let expected = format!("0 0 720 {}", height(4, &text()));
        assert_eq!(root.attribute("viewBox"), Some(expected.as_str()));
        // Two late bars (+ the legend's swatch), one early outline.
        assert_eq!(fill_count(&doc, "rect", "#D55E00"), 2 + 1);
        let outlines = elements(&doc, "rect")
            .iter()
            .filter(|r| r.attribute("stroke") == Some("#009E73"))
            .count();
        assert_eq!(outlines, 1 + 1);
        // A ring per baseline, a dot per actual, a triangle per forecast not
        // reached (each + 1 in the legend).
        let rings = elements(&doc, "circle")
            .iter()
            .filter(|c| c.attribute("stroke") == Some("#000000"))
            .count();
        assert_eq!(rings, 4 + 1);
        assert_eq!(fill_count(&doc, "circle", "#000000"), 2 + 1);
        assert_eq!(fill_count(&doc, "polygon", "#0072B2"), 2 + 1);
        // Long labels are cut; short ones kept whole.
        let labels = texts(&doc);
        assert!(labels
            .iter()
            .any(|l| l.starts_with("Appel d'offres") && l.ends_with('…')));
        assert!(labels.contains(&"Déploiement complet".to_owned()));
    }

    #[test]
    fn today_and_the_axis_follow_the_locale() {
        let fr = texts(&parse(&milestones(
            "m",
            &rows(),
            d(2019, 6, 1),
            &text(),
            Locale::fr,
        )));
        let en = texts(&parse(&milestones(
            "m",
            &rows(),
            d(2019, 6, 1),
            &text(),
            Locale::en,
        )));
        assert!(
            fr.contains(&"Aujourd'hui\u{a0}: 1er juin 2019".to_owned()),
            "{fr:?}"
        );
        assert!(
            en.contains(&"Aujourd'hui: June 1, 2019".to_owned()),
            "{en:?}"
        );
        assert!(fr.contains(&"2020".to_owned()), "{fr:?}");
    }

    #[test]
    fn text_is_escaped_and_output_is_stable() {
        let mut hostile = text();
        hostile.title = HOSTILE.into();
        hostile.forecast = HOSTILE.into();
        let mut rows = rows();
        rows[1].label = HOSTILE.into();
        let svg = milestones("m", &rows, d(2019, 6, 3), &hostile, Locale::en);
        assert_accessible(&svg, "m", HOSTILE, &text().description);
        let labels = texts(&parse(&svg));
        assert!(labels.contains(&HOSTILE.to_owned()), "{labels:?}");
        assert!(labels
            .iter()
            .any(|l| l.starts_with("<script>alert(") && l.ends_with('…')));
        assert_eq!(
            svg,
            milestones("m", &rows, d(2019, 6, 3), &hostile, Locale::en)
        );
    }

    #[test]
    fn no_milestone_says_so() {
        let svg = milestones("m", &[], d(2019, 6, 3), &text(), Locale::fr);
        assert_accessible(&svg, "m", &text().title, &text().description);
        assert!(texts(&parse(&svg)).contains(&"Aucun jalon".to_owned()));
    }

    #[test]
    fn slippage_is_counted_from_the_baseline_to_the_actual_or_forecast() {
        let rows = rows();
        assert_eq!(rows[0].slippage_days(), 198);
        assert_eq!(rows[2].slippage_days(), -29);
        assert_eq!(rows[3].slippage_days(), 0);
    }
}
