//! The budget chart: for each initiative, the approved budget, what was
//! spent to date and the forecast at completion, with the variance.

use super::{
    legend, legend_layout, message, palette, render, text_style, truncate, Axis, Frame,
    NumberTicks, Swatch, AXIS, FONT_FAMILY, FONT_SIZE, GRID, LEGEND_LINE, TEXT, WIDTH,
};
use crate::format;
use crate::i18n::Locale;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::{Deserialize, Serialize};

/// One initiative's figures, in dollars; each may be unknown.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BudgetBar {
    /// The initiative's title (cut to fit the chart).
    pub label: String,
    pub approved: Option<f64>,
    pub spent: Option<f64>,
    pub forecast: Option<f64>,
}

impl BudgetBar {
    /// Forecast minus approved (positive is an overrun), when both are known.
    pub fn variance(&self) -> Option<f64> {
        Some(self.forecast? - self.approved?)
    }
}

/// The budget chart's text, translated by the caller.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BudgetText {
    /// Names the chart (the SVG's `<title>`).
    pub title: String,
    /// Says what it shows, for screen readers (the SVG's `<desc>`).
    pub description: String,
    /// The initiative column's header in the CSV.
    pub initiative: String,
    /// The labels of the three figures.
    pub approved: String,
    pub spent: String,
    pub forecast: String,
    /// The variance column's header in the CSV.
    pub variance: String,
    /// Said after a positive variance ("overrun").
    pub overrun: String,
    /// Shown instead of the chart when there is no initiative.
    pub no_data: String,
}

/// Height of an initiative's row (three bars).
const ROW: u32 = 48;
/// Height of one bar, in rows.
const BAR: f64 = 0.22;
/// Width of the labels' column, left of the plot.
const LABELS: u32 = 190;
/// Width of the variances' column, right of the plot.
const VARIANCES: u32 = 230;
/// Above the rows, the legend's top margin; below, the amounts' axis.
const TOP: u32 = 8;
const BOTTOM: u32 = 40;

/// Approved: filled blue (L* 47); spent: filled sky blue (L* 70); forecast:
/// a black outline, a plan rather than money gone.
const APPROVED: RGBColor = palette::BLUE;
const SPENT: RGBColor = palette::SKY_BLUE;
const FORECAST: RGBColor = palette::BLACK;

/// The legend's items.
fn legend_items(text: &BudgetText) -> [(&str, Swatch); 3] {
    [
        (text.approved.as_str(), Swatch::Fill(APPROVED)),
        (text.spent.as_str(), Swatch::Fill(SPENT)),
        (text.forecast.as_str(), Swatch::Outline(FORECAST)),
    ]
}

/// The chart's height: the legend, a row per initiative, the axis.
fn height(rows: usize, text: &BudgetText) -> u32 {
    let labels: Vec<&str> = legend_items(text).iter().map(|(l, _)| *l).collect();
    let (_, legend) = legend_layout(&labels, 12, 0, WIDTH as i32 - 24);
    TOP + legend.max(LEGEND_LINE) as u32 + 12 + ROW * (rows.max(3) as u32) + BOTTOM
}

/// Whether a variance is an overrun: a dollar or more once rounded.
fn is_overrun(variance: f64) -> bool {
    variance.round() > 0.0
}

/// What is written at the end of a row: the signed variance, and the word
/// for an overrun when it is one (`+250 000 $ dépassement`).
fn variance_label(variance: f64, text: &BudgetText, locale: Locale) -> String {
    let amount = format::money(locale, variance);
    if is_overrun(variance) {
        format!("+{amount} {}", text.overrun)
    } else {
        amount
    }
}

/// The budget chart: per initiative (in the order given), horizontal bars of
/// the approved budget, the spending to date and the forecast at completion,
/// and at the end of the row the variance (forecast − approved), in bold and
/// named an overrun when positive. Unknown figures draw no bar.
pub fn budget(id: &str, rows: &[BudgetBar], text: &BudgetText, locale: Locale) -> String {
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
        let (_, plot) = area.split_vertically(TOP as i32 + legend_height + 12);

        let amounts = rows
            .iter()
            .flat_map(|r| [r.approved, r.spent, r.forecast])
            .flatten()
            .filter(|v| v.is_finite());
        let low = amounts.clone().fold(0.0, f64::min);
        let high = amounts.fold(0.0, f64::max);
        let x = NumberTicks::new(low, high.max(1.0), 5, true);
        let n = rows.len();
        let row_y = |i: usize| (n - i) as f64 - 0.5;
        let y_axis = Axis {
            range: 0.0..n as f64,
            ticks: (0..n).map(row_y).collect(),
        };
        let mut chart = ChartBuilder::on(&plot)
            .margin_right(VARIANCES)
            .x_label_area_size(BOTTOM - 6)
            .y_label_area_size(LABELS)
            .build_cartesian_2d(x.axis(), y_axis)?;
        let x_fmt = |v: &f64| format::money(locale, *v);
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
            .disable_y_mesh()
            .bold_line_style(GRID.stroke_width(1))
            .axis_style(AXIS.stroke_width(1))
            .label_style(super::label_style())
            .x_label_formatter(&x_fmt)
            .y_label_formatter(&y_fmt)
            .draw()?;
        let drawing = chart.plotting_area();
        let right = drawing.get_pixel_range().0.end;
        let bold = TextStyle::from((FONT_FAMILY, FONT_SIZE, FontStyle::Bold).into_font())
            .color(&TEXT)
            .pos(Pos::new(HPos::Left, VPos::Center));

        for (i, row) in rows.iter().enumerate() {
            let y = row_y(i);
            let bars = [
                (row.approved, y + 0.25, APPROVED.filled()),
                (row.spent, y, SPENT.filled()),
                (row.forecast, y - 0.25, FORECAST.stroke_width(2)),
            ];
            for (amount, centre, style) in bars {
                if let Some(amount) = amount.filter(|v| v.is_finite()) {
                    drawing.draw(&Rectangle::new(
                        [(0.0, centre - BAR / 2.0), (amount, centre + BAR / 2.0)],
                        style,
                    ))?;
                }
            }
            if let Some(variance) = row.variance() {
                let (_, py) = chart.backend_coord(&(0.0, y));
                let style = if is_overrun(variance) {
                    bold.clone()
                } else {
                    text_style(&TEXT, Pos::new(HPos::Left, VPos::Center))
                };
                area.draw(&Text::new(
                    truncate(
                        &variance_label(variance, text, locale),
                        VARIANCES as i32 - 16,
                    )
                    .into_owned(),
                    (right + 12, py),
                    style,
                ))?;
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::{assert_accessible, dump, elements, parse, texts, HOSTILE};
    use super::*;

    fn text() -> BudgetText {
        BudgetText {
            title: "Budget des projets".into(),
            description: "Budget approuvé, dépenses à ce jour et prévision à l'achèvement.".into(),
            initiative: "Projet".into(),
            approved: "Approuvé".into(),
            spent: "Dépensé".into(),
            forecast: "Prévision".into(),
            variance: "Écart".into(),
            overrun: "dépassement".into(),
            no_data: "Aucun budget".into(),
        }
    }

    fn rows() -> Vec<BudgetBar> {
        vec![
            BudgetBar {
                label: "Solution de courriel et de collaboration gouvernementale".into(),
                approved: Some(1_000_000.0),
                spent: Some(800_000.0),
                forecast: Some(1_250_000.0),
            },
            BudgetBar {
                label: "Projet pilote".into(),
                approved: Some(500_000.0),
                spent: Some(100_000.0),
                forecast: Some(450_000.0),
            },
            BudgetBar {
                label: "Sans prévision".into(),
                approved: Some(300_000.0),
                spent: None,
                forecast: None,
            },
        ]
    }

    #[test]
    fn it_is_a_named_image_with_three_bars_a_row_where_known() {
        let svg = budget("b", &rows(), &text(), Locale::fr);
        dump("budget", &svg);
        assert_accessible(&svg, "b", &text().title, &text().description);
        let doc = parse(&svg);
        let filled = |color: &str| {
            elements(&doc, "rect")
                .iter()
                .filter(|r| r.attribute("fill") == Some(color))
                .count()
        };
        // Each + 1 for the legend.
        assert_eq!(filled("#0072B2"), 3 + 1);
        assert_eq!(filled("#56B4E9"), 2 + 1);
        let outlines = elements(&doc, "rect")
            .iter()
            .filter(|r| r.attribute("stroke") == Some("#000000"))
            .count();
        assert_eq!(outlines, 2 + 1);
    }

    #[test]
    fn variances_are_written_in_the_locale_and_overruns_named() {
        let fr_svg = budget("b", &rows(), &text(), Locale::fr);
        let fr_doc = parse(&fr_svg);
        let overrun = "+250\u{202f}000\u{a0}$ dépassement";
        let bold: Vec<String> = elements(&fr_doc, "text")
            .iter()
            .filter(|t| t.attribute("font-weight") == Some("bold"))
            .map(|t| t.text().unwrap().trim().to_owned())
            .collect();
        assert_eq!(bold, [overrun]);
        let fr = texts(&fr_doc);
        assert!(
            fr.contains(&"\u{2212}50\u{202f}000\u{a0}$".to_owned()),
            "{fr:?}"
        );
        let en = texts(&parse(&budget("b", &rows(), &text(), Locale::en)));
        assert!(en.contains(&"+$250,000 dépassement".to_owned()), "{en:?}");
        assert!(en.contains(&"\u{2212}$50,000".to_owned()), "{en:?}");
        assert!(en.contains(&"$500,000".to_owned()), "{en:?}");
        assert!(fr.contains(&"500\u{202f}000\u{a0}$".to_owned()), "{fr:?}");
    }

    #[test]
    fn text_is_escaped_and_output_is_stable() {
        let mut hostile = text();
        hostile.title = HOSTILE.into();
        hostile.spent = HOSTILE.into();
        let svg = budget("b", &rows(), &hostile, Locale::en);
        assert_accessible(&svg, "b", HOSTILE, &text().description);
        assert!(texts(&parse(&svg)).contains(&HOSTILE.to_owned()));
        assert_eq!(svg, budget("b", &rows(), &hostile, Locale::en));
    }

    #[test]
    fn no_initiative_says_so() {
        let svg = budget("b", &[], &text(), Locale::fr);
        assert_accessible(&svg, "b", &text().title, &text().description);
        assert!(texts(&parse(&svg)).contains(&"Aucun budget".to_owned()));
    }

    #[test]
    fn variance_needs_both_figures() {
        assert_eq!(rows()[0].variance(), Some(250_000.0));
        assert_eq!(rows()[2].variance(), None);
    }
}
