//! Charts drawn on the server: pure functions from data to an SVG document
//! (plotters' SVG backend), and the same data as CSV ([`csv`]).
//!
//! Every chart takes an `id` unique on its page, its data, its text already
//! translated by the caller, and the [`Locale`] its dates and numbers are
//! written in. The document it returns
//! - scales: a `viewBox`, no fixed width or height (the page's CSS sizes it);
//! - is an image with a name: `role="img"`, then `<title id="{id}-title">` and
//!   `<desc id="{id}-desc">` named by `aria-labelledby`;
//! - escapes every text (plotters escapes what it draws; this module escapes
//!   what it writes itself: the title and the description);
//! - uses the Okabe–Ito palette, with lightness, dashes and marker shapes
//!   that tell the series apart in greyscale too, and a legend naming each;
//! - writes text in a generic font (`system-ui, sans-serif`) at 12 units or
//!   more (14), dark on white;
//! - is the same bytes for the same input.
//!
//! Server only: plotters must never reach the wasm bundle. Text is laid out
//! by plotters' naive measurement (no font feature, no system font): it only
//! estimates widths, which is all an SVG needs, since the browser draws it.

mod budget;
mod completion;
pub mod csv;
mod health;
mod indicator;
mod milestones;

/// The counts a health chart draws: the dashboard's, one per date.
pub use crate::domain::dashboard::HealthCounts as HealthPoint;
pub use budget::{budget, BudgetBar, BudgetText};
pub use completion::{completion, CompletionText};
pub use health::{health, HealthText};
pub use indicator::{indicator, IndicatorText};
pub use milestones::{milestones, MilestoneBar, MilestoneText};

use crate::format;
use crate::i18n::Locale;
use chrono::{Datelike, NaiveDate};
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint};
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::borrow::Cow;

/// The drawing surface every chart draws on.
type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
/// What drawing on an [`Area`] may fail with.
type DrawResult = Result<(), DrawingAreaErrorKind<std::io::Error>>;

/// Width of every chart, in viewBox units (a phone shows it at about half).
pub const WIDTH: u32 = 720;
/// Height of the charts over time.
pub const HEIGHT: u32 = 360;

/// A generic font: no web font to load, the reader's system font.
const FONT_FAMILY: &str = "system-ui, sans-serif";
/// Size of every text in viewBox units: plotters writes `font-size` as the
/// size it is given divided by 1.24, so it is given 14 × 1.24 (which
/// divides back to exactly 14; 13 would print as 13.000000000000002).
const FONT_SIZE: f64 = 14.0 * 1.24;
/// The width of an average character at that size, for the estimates of
/// what fits (legends, labels): 0.6 em, a little wider than most fonts'.
const CHAR_WIDTH: f64 = 14.0 * 0.6;
/// Height of one line of the legend.
const LEGEND_LINE: i32 = 24;

/// Text: near black on white (contrast about 17:1).
const TEXT: RGBColor = RGBColor(0x1a, 0x1a, 0x1a);
/// Axes and tick marks.
const AXIS: RGBColor = RGBColor(0x59, 0x59, 0x59);
/// Grid lines: light enough to stay behind the data.
const GRID: RGBColor = RGBColor(0xdd, 0xdd, 0xdd);

/// The Okabe–Ito palette, safe for the common colour-vision deficiencies.
/// Relative lightness (CIE L*) in parentheses: series next to each other
/// differ by about 15 or more, so they also part in greyscale.
pub mod palette {
    use plotters::style::RGBColor;

    /// Orange (L* 71).
    pub const ORANGE: RGBColor = RGBColor(0xe6, 0x9f, 0x00);
    /// Sky blue (L* 70).
    pub const SKY_BLUE: RGBColor = RGBColor(0x56, 0xb4, 0xe9);
    /// Bluish green (L* 58).
    pub const BLUISH_GREEN: RGBColor = RGBColor(0x00, 0x9e, 0x73);
    /// Yellow (L* 89).
    pub const YELLOW: RGBColor = RGBColor(0xf0, 0xe4, 0x42);
    /// Blue (L* 47).
    pub const BLUE: RGBColor = RGBColor(0x00, 0x72, 0xb2);
    /// Vermillion (L* 54).
    pub const VERMILLION: RGBColor = RGBColor(0xd5, 0x5e, 0x00);
    /// Reddish purple (L* 61).
    pub const REDDISH_PURPLE: RGBColor = RGBColor(0xcc, 0x79, 0xa7);
    /// Black.
    pub const BLACK: RGBColor = RGBColor(0x00, 0x00, 0x00);
}

/// `text` with the five characters XML gives a meaning to escaped (for
/// what this module writes itself; plotters escapes what it draws).
fn escape_xml(text: &str) -> Cow<'_, str> {
    if !text.contains(['<', '>', '&', '"', '\'']) {
        return Cow::Borrowed(text);
    }
    let mut escaped = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '<' => escaped.push_str("&lt;"),
            '>' => escaped.push_str("&gt;"),
            '&' => escaped.push_str("&amp;"),
            '"' => escaped.push_str("&quot;"),
            '\'' => escaped.push_str("&apos;"),
            other => escaped.push(other),
        }
    }
    Cow::Owned(escaped)
}

/// What every chart's document says about itself.
struct Frame<'a> {
    id: &'a str,
    title: &'a str,
    description: &'a str,
    /// Shown instead of the chart when drawing fails.
    no_data: &'a str,
    size: (u32, u32),
}

/// Draws a chart with `draw` and returns its SVG document: plotters' root
/// tag replaced by one that scales and names the image (see the module doc).
fn render(frame: &Frame, draw: impl FnOnce(&Area) -> DrawResult) -> String {
    match draw_body(frame.size, draw) {
        Ok(body) => document(frame, &body),
        Err(error) => {
            tracing::warn!(chart = frame.id, %error, "a chart could not be drawn");
            let body =
                draw_body(frame.size, |area| message(area, frame.no_data)).unwrap_or_default();
            document(frame, &body)
        }
    }
}

/// What plotters draws inside its root tag, on a white background.
fn draw_body(size: (u32, u32), draw: impl FnOnce(&Area) -> DrawResult) -> Result<String, String> {
    let mut svg = String::with_capacity(64 * 1024);
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        root.fill(&WHITE).map_err(|e| e.to_string())?;
        draw(&root).map_err(|e| e.to_string())?;
        root.present().map_err(|e| e.to_string())?;
    }
    // plotters' first line is its root tag, with a fixed width and height.
    let body = svg
        .split_once('\n')
        .filter(|(root, _)| root.starts_with("<svg "))
        .map(|(_, body)| body.to_owned())
        .ok_or("plotters wrote no root tag")?;
    Ok(body)
}

/// The document: root tag, title, description, then `body` (which closes the root).
fn document(frame: &Frame, body: &str) -> String {
    let id = escape_xml(frame.id);
    let (width, height) = frame.size;
    let mut svg = String::with_capacity(body.len() + 512);
    svg.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" \
         role=\"img\" aria-labelledby=\"{id}-title {id}-desc\" font-family=\"{FONT_FAMILY}\">\n"
    ));
    svg.push_str(&format!(
        "<title id=\"{id}-title\">{}</title>\n",
        escape_xml(frame.title)
    ));
    svg.push_str(&format!(
        "<desc id=\"{id}-desc\">{}</desc>\n",
        escape_xml(frame.description)
    ));
    svg.push_str(body);
    svg
}

/// A text style of the chart's font in `color`, anchored at `pos`.
fn text_style(color: &'static RGBColor, pos: Pos) -> TextStyle<'static> {
    TextStyle::from((FONT_FAMILY, FONT_SIZE).into_font())
        .color(color)
        .pos(pos)
}

/// The chart's usual text: dark, anchored at its left end, centred vertically.
fn label_style() -> TextStyle<'static> {
    text_style(&TEXT, Pos::new(HPos::Left, VPos::Center))
}

/// The estimated width of `text` in viewBox units (the browser's will differ a little).
fn text_width(text: &str) -> i32 {
    (text.chars().count() as f64 * CHAR_WIDTH).ceil() as i32
}

/// `text` cut to fit `width` units, with an ellipsis when cut.
fn truncate(text: &str, width: i32) -> Cow<'_, str> {
    let fits = (f64::from(width.max(0)) / CHAR_WIDTH).floor() as usize;
    if text.chars().count() <= fits {
        return Cow::Borrowed(text);
    }
    let kept: String = text.chars().take(fits.saturating_sub(1)).collect();
    Cow::Owned(format!("{}…", kept.trim_end()))
}

/// The "no data" message, centred.
fn message(area: &Area, text: &str) -> DrawResult {
    let (width, height) = area.dim_in_pixel();
    let style = text_style(&TEXT, Pos::new(HPos::Center, VPos::Center));
    area.draw(&Text::new(
        text.to_owned(),
        (width as i32 / 2, height as i32 / 2),
        style,
    ))
}

/// How a legend shows a series.
#[derive(Clone, Copy, Debug)]
enum Swatch {
    /// A filled square (areas, bars).
    Fill(RGBColor),
    /// A square outline (hollow bars).
    Outline(RGBColor),
    /// A solid line, with a round marker when `marker`.
    Line { color: RGBColor, marker: bool },
    /// A dashed line.
    Dashed(RGBColor),
    /// A marker alone.
    Marker(Marker),
}

/// The markers of the charts, told apart by shape and fill.
#[derive(Clone, Copy, Debug)]
enum Marker {
    /// A filled circle.
    Dot(RGBColor),
    /// An empty circle.
    Ring(RGBColor),
    /// A filled triangle.
    Triangle(RGBColor),
}

/// Radius of a marker.
const MARKER: i32 = 6;

/// Draws `marker` centred on `at` (pixels of `area`).
fn draw_marker<DB: DrawingBackend, CT: CoordTranslate>(
    area: &DrawingArea<DB, CT>,
    at: CT::From,
    marker: Marker,
) -> Result<(), DrawingAreaErrorKind<DB::ErrorType>>
where
    CT::From: Clone,
{
    match marker {
        Marker::Dot(color) => area.draw(&Circle::new(at, MARKER as u32, color.filled())),
        Marker::Ring(color) => {
            // White inside, so what it sits on does not show through.
            area.draw(&Circle::new(
                at.clone(),
                MARKER as u32,
                ShapeStyle::from(&WHITE).filled(),
            ))?;
            area.draw(&Circle::new(at, MARKER as u32, color.stroke_width(2)))
        }
        Marker::Triangle(color) => area.draw(&TriangleMarker::new(at, MARKER + 2, color.filled())),
    }
}

/// Width of a legend's swatch, and the gap between an item and the next.
const SWATCH: i32 = 22;
const LEGEND_GAP: i32 = 18;

/// Where each legend item goes (its swatch's left end and vertical centre),
/// left to right from (`x`, `y`) and wrapping within `width`; and the height
/// the legend takes.
fn legend_layout(labels: &[&str], x: i32, y: i32, width: i32) -> (Vec<(i32, i32)>, i32) {
    let (mut cx, mut cy) = (x, y + LEGEND_LINE / 2);
    let mut places = Vec::with_capacity(labels.len());
    for label in labels {
        let item_width = SWATCH + 6 + text_width(&truncate(label, width - SWATCH - 6));
        if cx > x && cx + item_width > x + width {
            cx = x;
            cy += LEGEND_LINE;
        }
        places.push((cx, cy));
        cx += item_width + LEGEND_GAP;
    }
    (places, cy + LEGEND_LINE / 2 - y)
}

/// Draws a legend (see [`legend_layout`]); returns the height it took.
fn legend(
    area: &Area,
    items: &[(&str, Swatch)],
    x: i32,
    y: i32,
    width: i32,
) -> Result<i32, DrawingAreaErrorKind<std::io::Error>> {
    let labels: Vec<&str> = items.iter().map(|(label, _)| *label).collect();
    let (places, height) = legend_layout(&labels, x, y, width);
    for ((label, swatch), (cx, cy)) in items.iter().zip(places) {
        draw_swatch(area, *swatch, cx, cy, SWATCH)?;
        area.draw(&Text::new(
            truncate(label, width - SWATCH - 6).into_owned(),
            (cx + SWATCH + 6, cy),
            label_style(),
        ))?;
    }
    Ok(height)
}

/// Draws one legend swatch `size` wide, centred vertically on `cy`.
fn draw_swatch(area: &Area, swatch: Swatch, x: i32, cy: i32, size: i32) -> DrawResult {
    let half = 6;
    match swatch {
        Swatch::Fill(color) => area.draw(&Rectangle::new(
            [(x + 4, cy - half), (x + size - 4, cy + half)],
            color.filled(),
        )),
        Swatch::Outline(color) => area.draw(&Rectangle::new(
            [(x + 4, cy - half), (x + size - 4, cy + half)],
            color.stroke_width(2),
        )),
        Swatch::Line { color, marker } => {
            area.draw(&PathElement::new(
                vec![(x, cy), (x + size, cy)],
                color.stroke_width(3),
            ))?;
            if marker {
                area.draw(&Circle::new((x + size / 2, cy), 4, color.filled()))?;
            }
            Ok(())
        }
        Swatch::Dashed(color) => area
            .draw(&PathElement::new(
                vec![(x, cy), (x + 8, cy)],
                color.stroke_width(2),
            ))
            .and_then(|_| {
                area.draw(&PathElement::new(
                    vec![(x + 13, cy), (x + size, cy)],
                    color.stroke_width(2),
                ))
            }),
        Swatch::Marker(marker) => draw_marker(area, (x + size / 2, cy), marker),
    }
}

/// A linear axis whose ticks the chart chooses (plotters' own choice knows
/// nothing of months or round amounts).
#[derive(Clone, Debug, PartialEq)]
struct Axis {
    range: std::ops::Range<f64>,
    ticks: Vec<f64>,
}

impl Ranged for Axis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        let span = self.range.end - self.range.start;
        let share = if span > 0.0 {
            (value - self.range.start) / span
        } else {
            0.5
        };
        limit.0 + (f64::from(limit.1 - limit.0) * share).round() as i32
    }

    fn key_points<Hint: KeyPointHint>(&self, hint: Hint) -> Vec<f64> {
        // Ticks are bold points; no light grid between them.
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> std::ops::Range<f64> {
        self.range.clone()
    }
}

/// The coordinates of the charts: two [`Axis`].
type Plane = Cartesian2d<Axis, Axis>;

/// Dash and gap lengths of dashed lines.
const DASH: (i32, i32) = (8, 5);

/// A date as a number of days (the x coordinate of the charts over time).
fn day(date: NaiveDate) -> f64 {
    f64::from(date.num_days_from_ce())
}

/// The date of a number of days.
fn date_of(day: f64) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(day.round() as i32).unwrap_or_default()
}

/// How the ticks of a date axis are labelled.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum DateUnit {
    /// `janv. 2019`, `Jan 2019`.
    Month,
    /// `2019`.
    Year,
}

/// The ticks of a date axis from `from` to `to`: first days of months every
/// 1, 2, 3 or 6 months (at most six, labelled with the month), or first days
/// of years every 1, 2, 5… years (at most ten, labelled with the year).
fn date_ticks(from: NaiveDate, to: NaiveDate) -> (Vec<f64>, DateUnit) {
    let month_index = |d: NaiveDate| d.year() * 12 + d.month0() as i32;
    let (first, last) = (month_index(from), month_index(to));
    let span = last - first;
    let candidates = [
        (1, DateUnit::Month, 6),
        (2, DateUnit::Month, 6),
        (3, DateUnit::Month, 6),
        (6, DateUnit::Month, 6),
        (12, DateUnit::Year, 10),
        (24, DateUnit::Year, 10),
        (60, DateUnit::Year, 10),
        (120, DateUnit::Year, 10),
        (240, DateUnit::Year, 10),
    ];
    let (step, unit, _) = candidates
        .iter()
        .copied()
        .find(|(step, _, most)| span / step < *most)
        .unwrap_or((1200, DateUnit::Year, 10));
    let ticks: Vec<f64> = (first..=last)
        .filter(|m| m.rem_euclid(step) == 0)
        .filter_map(|m| NaiveDate::from_ymd_opt(m.div_euclid(12), m.rem_euclid(12) as u32 + 1, 1))
        .filter(|d| from <= *d && *d <= to)
        .map(day)
        .collect();
    if ticks.is_empty() {
        // A span within a month: its start, named by its month.
        return (vec![day(from)], DateUnit::Month);
    }
    (ticks, unit)
}

/// The label of a date tick.
fn date_label(locale: Locale, unit: DateUnit, day: f64) -> String {
    let date = date_of(day);
    match unit {
        DateUnit::Month => format::short_month_year(locale, date),
        DateUnit::Year => date.year().to_string(),
    }
}

/// The x axis of a chart over `from`–`to`: padded so a single date or the
/// ends are not drawn on the frame, ticked by [`date_ticks`].
fn date_axis(from: NaiveDate, to: NaiveDate) -> (Axis, DateUnit) {
    let (start, end) = (day(from), day(to));
    let pad = ((end - start) / 50.0).max(7.0).round();
    let (ticks, unit) = date_ticks(from, to);
    let axis = Axis {
        range: (start - pad)..(end + pad),
        ticks,
    };
    (axis, unit)
}

/// Ticks of a numeric axis: round values, and the decimals to write them with.
#[derive(Clone, Debug, PartialEq)]
struct NumberTicks {
    values: Vec<f64>,
    decimals: usize,
}

impl NumberTicks {
    /// At most `most` (≥ 2) round ticks (1, 2 or 5 × 10ⁿ apart) that cover
    /// `low`–`high`; whole numbers only when `whole`.
    fn new(low: f64, high: f64, most: usize, whole: bool) -> Self {
        let (low, high) = if high > low {
            (low, high)
        } else {
            (low - 1.0, low + 1.0)
        };
        let raw = (high - low) / (most.max(2) - 1) as f64;
        let magnitude = 10f64.powf(raw.log10().floor());
        let mut step = [1.0, 2.0, 5.0, 10.0]
            .iter()
            .map(|m| m * magnitude)
            .find(|step| *step >= raw * (1.0 - 1e-9))
            .unwrap_or(10.0 * magnitude);
        if whole {
            step = step.max(1.0).round();
        }
        let decimals = if step >= 1.0 {
            0
        } else {
            (-step.log10()).ceil() as usize
        };
        // The tolerance keeps a bound that is a tick (0) from adding one more.
        let first = (low / step + 1e-9).floor() as i64;
        let last = (high / step - 1e-9).ceil() as i64;
        let scale = 10f64.powi(decimals as i32);
        let values = (first..=last)
            .map(|i| (i as f64 * step * scale).round() / scale)
            .collect();
        NumberTicks { values, decimals }
    }

    /// The axis: from the first tick to the last.
    fn axis(&self) -> Axis {
        let first = self.values.first().copied().unwrap_or(0.0);
        let last = self.values.last().copied().unwrap_or(1.0);
        Axis {
            range: first..last,
            ticks: self.values.clone(),
        }
    }
}

/// Draws the axes and grid of a chart over time (`x` in days) with numeric
/// `y`: ticks from `date_ticks` and `NumberTicks`, labels in `locale`.
fn time_chart<'a, 'b>(
    area: &'a Area<'b>,
    from: NaiveDate,
    to: NaiveDate,
    y: &NumberTicks,
    y_label: &dyn Fn(f64) -> String,
    y_desc: &str,
    locale: Locale,
) -> Result<ChartContext<'a, SVGBackend<'b>, Plane>, DrawingAreaErrorKind<std::io::Error>> {
    let (x_axis, unit) = date_axis(from, to);
    let widest = y
        .values
        .iter()
        .map(|v| text_width(&y_label(*v)))
        .max()
        .unwrap_or(0);
    let mut chart = ChartBuilder::on(area)
        .margin_top(8)
        .margin_right(24)
        .x_label_area_size(36)
        .margin_left(4)
        .y_label_area_size(widest + 14 + if y_desc.is_empty() { 0 } else { 22 })
        .build_cartesian_2d(x_axis, y.axis())?;
    let x_fmt = |d: &f64| date_label(locale, unit, *d);
    let y_fmt = |v: &f64| y_label(*v);
    chart
        .configure_mesh()
        .disable_x_mesh()
        .bold_line_style(GRID.stroke_width(1))
        .axis_style(AXIS.stroke_width(1))
        .label_style(label_style())
        .axis_desc_style(label_style())
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .y_desc(y_desc)
        .draw()?;
    Ok(chart)
}

/// One layer of a stacked area: its label, colour and value at each date.
struct Layer<'a> {
    label: &'a str,
    color: RGBColor,
    values: Vec<u32>,
}

/// Draws stacked areas over `dates`, first layer at the bottom, with a legend
/// above naming each layer; with `total`, the sum as a black line on top,
/// named `total` in the legend. A single date is drawn a week wide on each
/// side, so it shows. Layers that are zero throughout draw no area.
fn stacked_areas(
    area: &Area,
    dates: &[NaiveDate],
    layers: &[Layer],
    total: Option<&str>,
    y_desc: &str,
    locale: Locale,
) -> DrawResult {
    let (width, _) = area.dim_in_pixel();
    let mut items: Vec<(&str, Swatch)> = layers
        .iter()
        .map(|l| (l.label, Swatch::Fill(l.color)))
        .collect();
    if let Some(total) = total {
        items.push((
            total,
            Swatch::Line {
                color: palette::BLACK,
                marker: false,
            },
        ));
    }
    let legend_height = legend(area, &items, 12, 6, width as i32 - 24)?;
    let (_, plot) = area.split_vertically(legend_height + 12);

    let (from, to) = match (dates.first(), dates.last()) {
        (Some(from), Some(to)) => (*from, *to),
        _ => return Ok(()),
    };
    let sums: Vec<u32> = (0..dates.len())
        .map(|i| layers.iter().map(|l| l.values[i]).sum())
        .collect();
    let highest = sums.iter().copied().max().unwrap_or(0);
    let y = NumberTicks::new(0.0, f64::from(highest.max(1)), 6, true);
    let y_label = |v: f64| format::number(locale, v, y.decimals);
    let chart = time_chart(&plot, from, to, &y, &y_label, y_desc, locale)?;

    // x of each point; a single date becomes two, a week on each side.
    let (xs, repeat): (Vec<f64>, usize) = if dates.len() == 1 {
        (vec![day(from) - 7.0, day(from) + 7.0], 2)
    } else {
        (dates.iter().map(|d| day(*d)).collect(), 1)
    };
    let at = |values: &[u32], i: usize| f64::from(values[i / repeat]);
    let mut below = vec![0.0; xs.len()];
    for layer in layers.iter().filter(|l| l.values.iter().any(|v| *v > 0)) {
        let top: Vec<f64> = (0..xs.len())
            .map(|i| below[i] + at(&layer.values, i))
            .collect();
        let outline: Vec<(f64, f64)> = xs
            .iter()
            .copied()
            .zip(top.iter().copied())
            .chain(xs.iter().copied().zip(below.iter().copied()).rev())
            .collect();
        chart
            .plotting_area()
            .draw(&Polygon::new(outline, layer.color.filled()))?;
        // A white edge parts each band from the next, whatever the colours.
        chart.plotting_area().draw(&PathElement::new(
            xs.iter()
                .copied()
                .zip(top.iter().copied())
                .collect::<Vec<_>>(),
            WHITE.stroke_width(1),
        ))?;
        below = top;
    }
    if total.is_some() {
        let line: Vec<(f64, f64)> = (0..xs.len()).map(|i| (xs[i], at(&sums, i))).collect();
        chart
            .plotting_area()
            .draw(&PathElement::new(line, palette::BLACK.stroke_width(2)))?;
    }
    Ok(())
}

#[cfg(test)]
pub(crate) mod testing {
    //! What the charts' tests share: parsing the document and checking what
    //! every chart must be.

    use roxmltree::{Document, Node};

    /// A title with everything XML gives a meaning to.
    pub const HOSTILE: &str = "<script>alert('x')</script> & \"quoted\"";

    /// Parses `svg` (panics with the document when it is not well formed).
    pub fn parse(svg: &str) -> Document<'_> {
        Document::parse(svg).unwrap_or_else(|e| panic!("not well-formed XML: {e}\n{svg}"))
    }

    /// The elements named `name`.
    pub fn elements<'a>(doc: &'a Document, name: &str) -> Vec<Node<'a, 'a>> {
        doc.descendants()
            .filter(|n| n.is_element() && n.tag_name().name() == name)
            .collect()
    }

    /// The texts drawn, trimmed.
    pub fn texts(doc: &Document) -> Vec<String> {
        elements(doc, "text")
            .iter()
            .map(|t| t.text().unwrap_or("").trim().to_owned())
            .collect()
    }

    /// Asserts what every chart's document must be: an image named by its
    /// title and description, scalable, in a generic font of 14 units.
    pub fn assert_accessible(svg: &str, id: &str, title: &str, description: &str) {
        let doc = parse(svg);
        let root = doc.root_element();
        assert_eq!(root.tag_name().name(), "svg");
        assert_eq!(root.attribute("role"), Some("img"));
        assert_eq!(
            root.attribute("aria-labelledby"),
            Some(format!("{id}-title {id}-desc").as_str())
        );
        assert!(root.attribute("viewBox").is_some());
        assert_eq!(root.attribute("width"), None);
        assert_eq!(root.attribute("height"), None);
        let children: Vec<Node> = root.children().filter(|n| n.is_element()).collect();
        assert_eq!(children[0].tag_name().name(), "title");
        assert_eq!(
            children[0].attribute("id"),
            Some(format!("{id}-title").as_str())
        );
        assert_eq!(children[0].text(), Some(title));
        assert_eq!(children[1].tag_name().name(), "desc");
        assert_eq!(
            children[1].attribute("id"),
            Some(format!("{id}-desc").as_str())
        );
        assert_eq!(children[1].text(), Some(description));
        for text in elements(&doc, "text") {
            assert_eq!(text.attribute("font-size"), Some("14"));
            assert_eq!(text.attribute("font-family"), Some("system-ui, sans-serif"));
        }
        assert!(!svg.contains("<script"), "raw markup reached the document");
    }

    /// Writes `svg` to `$JALONS_CHART_DUMP/{name}.svg` when that variable
    /// names a directory: a way to look at the charts the tests draw.
    pub fn dump(name: &str, svg: &str) {
        if let Some(dir) = std::env::var_os("JALONS_CHART_DUMP") {
            let path = std::path::Path::new(&dir).join(format!("{name}.svg"));
            std::fs::write(&path, svg).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        }
    }

    /// The polygons filled with `color` (`#RRGGBB`).
    pub fn polygons_of(doc: &Document, color: &str) -> usize {
        elements(doc, "polygon")
            .iter()
            .filter(|p| p.attribute("fill") == Some(color))
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn xml_escaping_covers_the_five_characters_once() {
        assert_eq!(
            escape_xml(r#"<a href="x">Tom & Jerry's</a>"#),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&lt;/a&gt;"
        );
        assert!(matches!(escape_xml("plain"), Cow::Borrowed("plain")));
    }

    #[test]
    fn plotters_escapes_the_text_it_draws_so_it_is_handed_raw_text() {
        let body = draw_body((100, 50), |area| {
            area.draw(&Text::new("<b> & \"x\" 'y'", (0, 0), label_style()))
        })
        .unwrap();
        assert!(
            body.contains(">\n&lt;b&gt; &amp; &quot;x&quot; &apos;y&apos;\n</text>"),
            "{body}"
        );
    }

    #[test]
    fn long_labels_are_cut_with_an_ellipsis() {
        assert_eq!(truncate("Court", 200), "Court");
        let cut = truncate("Un libellé beaucoup trop long pour la colonne", 100);
        assert!(cut.ends_with('…'), "{cut}");
        assert!(text_width(&cut) <= 100, "{cut}");
    }

    #[test]
    fn date_ticks_use_months_over_short_spans_and_years_over_long_ones() {
        let (ticks, unit) = date_ticks(d(2019, 1, 15), d(2019, 12, 31));
        assert_eq!(unit, DateUnit::Month);
        let labels: Vec<String> = ticks
            .iter()
            .map(|t| date_label(Locale::fr, unit, *t))
            .collect();
        assert_eq!(
            labels,
            [
                "mars 2019",
                "mai 2019",
                "juil. 2019",
                "sept. 2019",
                "nov. 2019"
            ]
        );

        let (ticks, unit) = date_ticks(d(2015, 6, 1), d(2025, 6, 1));
        assert_eq!(unit, DateUnit::Year);
        assert_eq!(date_label(Locale::en, unit, ticks[0]), "2016");
        assert!(ticks.len() <= 10);

        let (ticks, unit) = date_ticks(d(2019, 6, 3), d(2019, 6, 20));
        assert_eq!((ticks.len(), unit), (1, DateUnit::Month));
        assert_eq!(date_label(Locale::en, unit, ticks[0]), "Jun 2019");
    }

    #[test]
    fn number_ticks_are_round_and_cover_the_range() {
        let t = NumberTicks::new(0.0, 36.0, 6, true);
        assert_eq!(t.values, [0.0, 10.0, 20.0, 30.0, 40.0]);
        assert_eq!(t.decimals, 0);
        let t = NumberTicks::new(0.0, 3.0, 6, true);
        assert_eq!(t.values, [0.0, 1.0, 2.0, 3.0]);
        let t = NumberTicks::new(0.2, 0.9, 6, false);
        assert_eq!(t.values, [0.2, 0.4, 0.6, 0.8, 1.0]);
        assert_eq!(t.decimals, 1);
        let t = NumberTicks::new(5.0, 5.0, 6, false);
        assert!(t.values.first().unwrap() < &5.0 && t.values.last().unwrap() > &5.0);
    }
}
