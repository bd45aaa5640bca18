//! A CSV file read, checked and applied in one transaction.
//!
//! Three steps: read the file (header, then every row as text, each bad line
//! noted); turn each row into a draft with the same parsing as the forms;
//! apply every draft through the store's writes, inside one transaction,
//! noting what the store refuses. Any problem at any step leaves the
//! transaction uncommitted, so nothing is stored; a dry run goes through
//! all three and never commits.

use super::{columns, restore, TransferError, Tree};
use crate::domain::transfer::*;
use crate::domain::*;
use crate::store::{lookup, write, Actor, Db, StoreError, Tx};
use std::collections::HashMap;

/// The largest file an import takes (20 MiB).
pub const MAX_BYTES: usize = 20 * 1024 * 1024;

/// The most rows an import takes.
pub const MAX_ROWS: usize = 100_000;

/// New status updates written per batch statement (about 22,000 bound
/// values, under both databases' limits); progress is reported after each.
const UPDATES_PER_STATEMENT: usize = 1_000;

/// How to import.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ImportOptions {
    /// Check everything, the store's rules included, and report what would
    /// change; store nothing.
    pub dry_run: bool,
}

/// Imports a CSV file of status updates or of initiatives (told by its
/// header), all or nothing, as `actor` (whose `via` should be
/// [`Via::Import`]: every change writes its audit row).
///
/// `progress(done, total)` is called as rows are applied, `total` being the
/// number of rows that parsed. The report lists every problem with its line;
/// when there is any, or in a dry run, nothing is stored. An `Err` is a
/// file too large to read or a database failure; nothing is stored then
/// either.
pub async fn import(
    db: &Db,
    actor: Actor<'_>,
    bytes: &[u8],
    options: ImportOptions,
    mut progress: impl FnMut(usize, usize),
) -> Result<ImportReport, TransferError> {
    if bytes.len() > MAX_BYTES {
        return Err(TransferError::TooLarge {
            size: bytes.len(),
            max: MAX_BYTES,
        });
    }
    let file = read(bytes)?;
    let report = ImportReport {
        kind: file.kind,
        dry_run: options.dry_run,
        rows: file.rows,
        created: Vec::new(),
        updated: Vec::new(),
        unchanged: 0,
        errors: file.errors,
    };
    let Some(header) = file.header else {
        return Ok(report);
    };
    let mut tx = db.begin().await?;
    let tree = Tree::new(lookup::initiative_places(&mut tx).await?);
    let mut importer = Importer {
        tx,
        actor,
        tree,
        report,
    };
    match header.kind {
        FileKind::StatusUpdates => {
            importer
                .import_updates(&header, file.records, &mut progress)
                .await?;
        }
        FileKind::Initiatives => {
            let rows = importer.parse(&header, &file.records, initiative_row);
            let total = rows.len();
            progress(0, total);
            for (done, row) in rows.into_iter().enumerate() {
                importer.apply_initiative(row).await?;
                progress(done + 1, total);
            }
        }
    }
    importer.finish().await
}

/// A file as read: its header, if it is a good one, and its rows as text.
struct File {
    kind: Option<FileKind>,
    header: Option<Header>,
    records: Vec<Record>,
    /// Rows read, bad ones included, blank ones aside.
    rows: usize,
    errors: Vec<LineError>,
}

/// A good header: every column of its kind, once, in some order.
struct Header {
    kind: FileKind,
    position: HashMap<&'static str, usize>,
}

impl Header {
    /// The cell of `record` in `column` (one of the kind's columns).
    fn cell<'r>(&self, record: &'r Record, column: &str) -> &'r str {
        restore(&record.cells[self.position[column]])
    }
}

/// A row of the file as UTF-8 text (its cells in one buffer, read with
/// their neutralisation marks taken off: see [`Header::cell`]).
struct Record {
    line: u64,
    cells: csv::StringRecord,
}

fn error(line: u64, column: Option<&str>, problem: LineProblem) -> LineError {
    LineError {
        line,
        column: column.map(str::to_owned),
        problem,
    }
}

fn value_error(line: u64, error: FieldError) -> LineError {
    LineError {
        line,
        column: Some(error.field),
        problem: LineProblem::Value(error.problem),
    }
}

/// Reads the header and the rows. Accepts a UTF-8 byte order mark, CRLF
/// line ends, quoted cells over several lines, and `;` as the delimiter
/// when the first line has semicolons and no comma (as spreadsheets write
/// CSV in French).
fn read(bytes: &[u8]) -> Result<File, csv::Error> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let first_line = bytes.split(|b| *b == b'\n').next().unwrap_or_default();
    let delimiter = if first_line.contains(&b';') && !first_line.contains(&b',') {
        b';'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut file = File {
        kind: None,
        header: None,
        records: Vec::new(),
        rows: 0,
        errors: Vec::new(),
    };
    let mut lines = Lines::new(bytes);
    let mut record = csv::ByteRecord::new();
    if !reader.read_byte_record(&mut record)? {
        file.errors.push(error(1, None, LineProblem::Empty));
        return Ok(file);
    }
    let header_line = lines.of(&record);
    let Ok(names) = record
        .iter()
        .map(|name| std::str::from_utf8(name).map(|n| n.trim().to_lowercase()))
        .collect::<Result<Vec<String>, _>>()
    else {
        file.errors
            .push(error(header_line, None, LineProblem::NotUtf8));
        return Ok(file);
    };
    file.kind = kind_of(&names);
    let Some(kind) = file.kind else {
        file.errors
            .push(error(header_line, None, LineProblem::UnknownHeader));
        return Ok(file);
    };
    let mut position = HashMap::new();
    for (i, name) in names.iter().enumerate() {
        match columns(kind).iter().find(|c| *c == name) {
            None => file
                .errors
                .push(error(header_line, Some(name), LineProblem::UnknownColumn)),
            Some(column) => {
                if position.insert(*column, i).is_some() {
                    file.errors
                        .push(error(header_line, Some(name), LineProblem::DuplicateColumn));
                }
            }
        }
    }
    for column in columns(kind) {
        if !position.contains_key(column) {
            file.errors
                .push(error(header_line, Some(column), LineProblem::MissingColumn));
        }
    }
    if !file.errors.is_empty() {
        return Ok(file);
    }

    while reader.read_byte_record(&mut record)? {
        let line = lines.of(&record);
        // Spreadsheets end files with rows of empty cells (`,,,,`).
        if record
            .iter()
            .all(|cell| cell.iter().all(u8::is_ascii_whitespace))
        {
            continue;
        }
        if file.rows == MAX_ROWS {
            // Refused as a whole: no header, so nothing is applied.
            file.errors.push(error(
                line,
                None,
                LineProblem::TooManyRows { max: MAX_ROWS },
            ));
            return Ok(file);
        }
        file.rows += 1;
        if record.len() != names.len() {
            file.errors.push(error(
                line,
                None,
                LineProblem::WrongFieldCount {
                    expected: names.len(),
                    found: record.len(),
                },
            ));
            continue;
        }
        match csv::StringRecord::from_byte_record(record.clone()) {
            Ok(cells) => file.records.push(Record { line, cells }),
            Err(_) => {
                for (cell, name) in record.iter().zip(&names) {
                    if std::str::from_utf8(cell).is_err() {
                        file.errors
                            .push(error(line, Some(name), LineProblem::NotUtf8));
                    }
                }
            }
        }
    }
    file.header = Some(Header { kind, position });
    Ok(file)
}

/// The physical line where each record starts. csv's own line count
/// starts a record after a CRLF on the line before (the record begins at
/// the `\n` of the previous line's `\r\n`), so lines are counted here from
/// byte offsets, skipping the line ends and blank lines before the record.
struct Lines<'a> {
    bytes: &'a [u8],
    /// Where the previous count stopped, and the line there.
    offset: usize,
    line: u64,
}

impl<'a> Lines<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Lines {
            bytes,
            offset: 0,
            line: 1,
        }
    }

    /// The line of `record`, the records being asked in file order.
    fn of(&mut self, record: &csv::ByteRecord) -> u64 {
        let mut start = record
            .position()
            .map_or(self.offset, |p| p.byte() as usize)
            .clamp(self.offset, self.bytes.len());
        while matches!(self.bytes.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        let newlines = self.bytes[self.offset..start]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        self.line += newlines as u64;
        self.offset = start;
        self.line
    }
}

/// The kind whose columns the header has more of; `None` on a tie.
fn kind_of(names: &[String]) -> Option<FileKind> {
    let score = |kind| {
        names
            .iter()
            .filter(|n| columns(kind).contains(&n.as_str()))
            .count()
    };
    let (updates, initiatives) = (score(FileKind::StatusUpdates), score(FileKind::Initiatives));
    match updates.cmp(&initiatives) {
        std::cmp::Ordering::Greater => Some(FileKind::StatusUpdates),
        std::cmp::Ordering::Less => Some(FileKind::Initiatives),
        std::cmp::Ordering::Equal => None,
    }
}

/// A status update row, parsed.
struct UpdateRow {
    line: u64,
    /// The recorded update the row stands for (an exported row).
    id: Option<StatusUpdateId>,
    draft: StatusUpdateDraft,
}

fn update_row(header: &Header, record: &Record, tree: &Tree) -> Result<UpdateRow, Vec<LineError>> {
    let line = record.line;
    let cell = |column: &str| header.cell(record, column).to_owned();
    let mut problems = Vec::new();
    let id = parse_optional_id("id", &cell("id"))
        .map_err(|e| problems.push(value_error(line, e)))
        .ok()
        .flatten()
        .map(StatusUpdateId);
    let named = name_initiative(
        tree,
        "initiative_id",
        &cell("initiative_id"),
        &cell("initiative_code"),
    );
    let form = StatusUpdateForm {
        initiative_id: named.clone().unwrap_or_default(),
        as_of: cell("as_of"),
        status: cell("status"),
        health: cell("health"),
        schedule_health: cell("schedule_health"),
        cost_health: cell("cost_health"),
        scope_health: cell("scope_health"),
        percent_complete: cell("percent_complete"),
        approved_budget: cell("approved_budget"),
        spent_to_date: cell("spent_to_date"),
        forecast_at_completion: cell("forecast_at_completion"),
        accomplishments_fr: cell("accomplishments_fr"),
        accomplishments_en: cell("accomplishments_en"),
        next_steps_fr: cell("next_steps_fr"),
        next_steps_en: cell("next_steps_en"),
        issues_fr: cell("issues_fr"),
        issues_en: cell("issues_en"),
        internal_note: cell("internal_note"),
        supersedes: cell("supersedes"),
    };
    let draft = form.parse();
    if let Err(problem) = &named {
        problems.push(error(line, Some("initiative_code"), problem.clone()));
    }
    match draft {
        Ok(draft) if problems.is_empty() => Ok(UpdateRow { line, id, draft }),
        Ok(_) => Err(problems),
        Err(errors) => {
            problems.extend(
                errors
                    .0
                    .into_iter()
                    // When the code named no initiative, the id the form
                    // got is not the person's: its error would mislead.
                    .filter(|e| named.is_ok() || e.field != "initiative_id")
                    .map(|e| value_error(line, e)),
            );
            Err(problems)
        }
    }
}

/// The id text a form should read for an initiative named by its id
/// (`id_text`, in `id_column`), its code path, or both: the id found at the
/// path (which must agree with a given id), or else the id as written.
fn name_initiative(
    tree: &Tree,
    id_column: &str,
    id_text: &str,
    path: &str,
) -> Result<String, LineProblem> {
    let path = path.trim();
    if path.is_empty() {
        return Ok(id_text.to_owned());
    }
    let found = tree.find(path).ok_or_else(|| {
        LineProblem::Value(Problem::Unknown {
            value: path.to_owned(),
            expected: vec![],
        })
    })?;
    match id_text.trim().parse::<i64>() {
        Ok(id) if id != found.0 => Err(LineProblem::Disagree {
            id_column: id_column.to_owned(),
            id,
        }),
        // An id that is not a number is the form's to report.
        Err(_) if !id_text.trim().is_empty() => Ok(id_text.to_owned()),
        _ => Ok(found.to_string()),
    }
}

/// An initiative row, parsed.
struct InitiativeRow {
    line: u64,
    /// The initiative the row changes and the version it was read at;
    /// `None` for a new one.
    existing: Option<(InitiativeId, i64)>,
    /// The parent's code path, resolved when the row is applied (it may
    /// name an initiative an earlier row creates).
    parent_code: Option<String>,
    draft: InitiativeDraft,
}

fn initiative_row(
    header: &Header,
    record: &Record,
    _: &Tree,
) -> Result<InitiativeRow, Vec<LineError>> {
    let line = record.line;
    let cell = |column: &str| header.cell(record, column).to_owned();
    let mut errors = FieldErrors::default();
    let id = errors.take(parse_optional_id("id", &cell("id"))).flatten();
    let version = match id {
        Some(_) => errors.take(parse_version(&cell("version"))),
        None => None,
    };
    let form = InitiativeForm {
        parent_id: cell("parent_id"),
        kind: cell("kind"),
        code: cell("code"),
        title_fr: cell("title_fr"),
        title_en: cell("title_en"),
        description_fr: cell("description_fr"),
        description_en: cell("description_en"),
        organisation_id: cell("organisation_id"),
        contact_id: cell("contact_id"),
        start_date: cell("start_date"),
        target_date: cell("target_date"),
        weight: cell("weight"),
        themes: cell("themes"),
        visibility: cell("visibility"),
        priority: cell("priority"),
    };
    let draft = form.parse().map_err(|e| errors.0.extend(e.0)).ok();
    match (draft, errors.is_empty()) {
        (Some(draft), true) => Ok(InitiativeRow {
            line,
            existing: id.zip(version).map(|(id, v)| (InitiativeId(id), v)),
            parent_code: Some(cell("parent_code").trim().to_owned()).filter(|p| !p.is_empty()),
            draft,
        }),
        _ => Err(errors.0.into_iter().map(|e| value_error(line, e)).collect()),
    }
}

/// A statement's worth of rows of a status update file, parsed.
struct ParsedUpdates {
    /// The new updates and their lines.
    lines: Vec<u64>,
    drafts: Vec<StatusUpdateDraft>,
    /// Rows naming a recorded update (an exported file imported back).
    recorded: Vec<UpdateRow>,
    errors: Vec<LineError>,
}

/// The next statement's worth of rows, parsed; checked and built too
/// (`prepared`) unless that needs the database first.
struct NextUpdates {
    parsed: ParsedUpdates,
    prepared: Option<(Vec<Result<StatusUpdate, FieldErrors>>, write::Unwritten)>,
}

/// Parses the next [`UPDATES_PER_STATEMENT`] rows of `records` and, when
/// the batch needs nothing from the database for them, checks and builds
/// them; `None` when no row is left.
fn next_updates(
    records: &mut std::vec::IntoIter<Record>,
    header: &Header,
    tree: &Tree,
    batch: &mut write::StatusUpdateBatch,
    actor: Actor<'_>,
) -> Result<Option<NextUpdates>, StoreError> {
    if records.as_slice().is_empty() {
        return Ok(None);
    }
    let mut parsed = ParsedUpdates {
        lines: Vec::with_capacity(UPDATES_PER_STATEMENT),
        drafts: Vec::with_capacity(UPDATES_PER_STATEMENT),
        recorded: Vec::new(),
        errors: Vec::new(),
    };
    for record in records.by_ref().take(UPDATES_PER_STATEMENT) {
        match update_row(header, &record, tree) {
            Ok(row) if row.id.is_some() => parsed.recorded.push(row),
            Ok(row) => {
                parsed.lines.push(row.line);
                parsed.drafts.push(row.draft);
            }
            Err(problems) => parsed.errors.extend(problems),
        }
    }
    let prepared = if parsed.recorded.is_empty() && !batch.needs_reading(&parsed.drafts) {
        Some(batch.prepare(actor, &parsed.drafts)?)
    } else {
        None
    };
    Ok(Some(NextUpdates { parsed, prepared }))
}

/// The version an exported initiative was read at.
fn parse_version(text: &str) -> Result<i64, FieldError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(FieldError::new("version", Problem::Required));
    }
    text.parse::<i64>().ok().filter(|v| *v > 0).ok_or_else(|| {
        FieldError::new(
            "version",
            Problem::Malformed {
                value: text.to_owned(),
                expected: "a version number".into(),
            },
        )
    })
}

/// The transaction of an import and what it found so far.
struct Importer<'a> {
    tx: Tx,
    actor: Actor<'a>,
    tree: Tree,
    report: ImportReport,
}

impl Importer<'_> {
    /// Parses every record with `parse_row`, noting the problems; gives the
    /// rows that parsed.
    fn parse<R>(
        &mut self,
        header: &Header,
        records: &[Record],
        parse_row: impl Fn(&Header, &Record, &Tree) -> Result<R, Vec<LineError>>,
    ) -> Vec<R> {
        records
            .iter()
            .filter_map(|record| match parse_row(header, record, &self.tree) {
                Ok(row) => Some(row),
                Err(problems) => {
                    self.report.errors.extend(problems);
                    None
                }
            })
            .collect()
    }

    fn fail(&mut self, line: u64, column: &str, problem: LineProblem) {
        self.report.errors.push(error(line, Some(column), problem));
    }

    fn unknown(&mut self, line: u64, column: &str, value: impl ToString) {
        let problem = Problem::Unknown {
            value: value.to_string(),
            expected: vec![],
        };
        self.fail(line, column, LineProblem::Value(problem));
    }

    /// A row that names a recorded update (an exported file imported back):
    /// it must say what the update says, since history is never rewritten.
    async fn check_recorded(&mut self, row: UpdateRow) -> Result<(), StoreError> {
        let (line, Some(id)) = (row.line, row.id) else {
            return Ok(());
        };
        match lookup::status_update(&mut self.tx, id).await? {
            None => self.unknown(line, "id", id),
            Some(stored) if same_update(&stored, &row.draft) => self.report.unchanged += 1,
            Some(_) => self.fail(line, "id", LineProblem::RecordedUpdateChanged),
        }
        Ok(())
    }

    /// Applies the rows of a status update file, a statement's worth at a
    /// time, parsed as they come (the rows of a large file are not all held
    /// twice, as text and parsed). Parsing and checking a statement's worth,
    /// and building its statements, happen while the database writes the
    /// previous one: the two take turns otherwise, on two cores.
    async fn import_updates(
        &mut self,
        header: &Header,
        records: Vec<Record>,
        progress: &mut impl FnMut(usize, usize),
    ) -> Result<(), StoreError> {
        let total = records.len();
        progress(0, total);
        let mut records = records.into_iter();
        let mut batch = write::StatusUpdateBatch::expecting(total);
        let actor = self.actor;
        // The previous statement's worth, built, and the rows read up to it.
        let mut unwritten: Option<(write::Unwritten, usize)> = None;
        loop {
            let (tx, tree) = (&mut self.tx, &self.tree);
            let next = match unwritten.take() {
                None => next_updates(&mut records, header, tree, &mut batch, actor),
                Some((statements, done)) => {
                    let (written, next) = tokio::join!(statements.write(tx), async {
                        next_updates(&mut records, header, tree, &mut batch, actor)
                    });
                    written?;
                    progress(done, total);
                    next
                }
            }?;
            let Some(next) = next else { break };
            let done = total - records.len();
            self.report.errors.extend(next.parsed.errors);
            let (results, statements) = match next.prepared {
                Some(prepared) => prepared,
                // A row names a recorded update, or a check needs the
                // database: the database answers, then the checks run.
                None => {
                    for row in next.parsed.recorded {
                        self.check_recorded(row).await?;
                    }
                    batch.read_for(&mut self.tx, &next.parsed.drafts).await?;
                    batch.prepare(actor, &next.parsed.drafts)?
                }
            };
            for (line, result) in next.parsed.lines.into_iter().zip(results) {
                match result {
                    Ok(update) => self.report.created.push(RowChange {
                        line,
                        id: update.id.0,
                        initiative: self.tree.path(update.initiative_id),
                        as_of: Some(update.as_of),
                    }),
                    Err(errors) => self
                        .report
                        .errors
                        .extend(errors.0.into_iter().map(|e| value_error(line, e))),
                }
            }
            unwritten = Some((statements, done));
        }
        if let Some((statements, done)) = unwritten {
            statements.write(&mut self.tx).await?;
            progress(done, total);
        }
        batch.finish(&mut self.tx).await
    }

    async fn apply_initiative(&mut self, row: InitiativeRow) -> Result<(), StoreError> {
        let InitiativeRow {
            line,
            existing,
            parent_code,
            mut draft,
        } = row;
        let parent_given_by_code = parent_code.is_some() && draft.parent_id.is_none();
        if let Some(path) = parent_code {
            match (self.tree.find(&path), draft.parent_id) {
                (None, _) => {
                    self.unknown(line, "parent_code", path);
                    return Ok(());
                }
                (Some(found), Some(given)) if found != given => {
                    let problem = LineProblem::Disagree {
                        id_column: "parent_id".into(),
                        id: given.0,
                    };
                    self.fail(line, "parent_code", problem);
                    return Ok(());
                }
                (found, _) => draft.parent_id = found,
            }
        }
        let written = match existing {
            None => write::create_initiative(&mut self.tx, self.actor, &draft).await,
            Some((id, version)) => {
                let Some(stored) = lookup::initiative(&mut self.tx, id).await? else {
                    self.unknown(line, "id", id);
                    return Ok(());
                };
                if stored.version != version {
                    let problem = LineProblem::Conflict {
                        current_version: stored.version,
                    };
                    self.fail(line, "version", problem);
                    return Ok(());
                }
                if same_initiative(&stored, &draft) {
                    self.report.unchanged += 1;
                    return Ok(());
                }
                write::update_initiative(&mut self.tx, self.actor, id, version, &draft).await
            }
        };
        match written {
            Ok(initiative) => {
                self.tree
                    .place(initiative.id, initiative.parent_id, initiative.code);
                let change = RowChange {
                    line,
                    id: initiative.id.0,
                    initiative: self.tree.path(initiative.id),
                    as_of: None,
                };
                match existing {
                    None => self.report.created.push(change),
                    Some(_) => self.report.updated.push(change),
                }
            }
            Err(StoreError::Invalid(errors)) => {
                for mut e in errors.0 {
                    // Blame the column the person filled in.
                    if e.field == "parent_id" && parent_given_by_code {
                        e.field = "parent_code".into();
                    }
                    self.report.errors.push(value_error(line, e));
                }
            }
            Err(StoreError::Conflict {
                current_version, ..
            }) => self.fail(line, "version", LineProblem::Conflict { current_version }),
            Err(other) => return Err(other),
        }
        Ok(())
    }

    /// Commits when the import is real and found no problem; otherwise
    /// drops the transaction, which rolls it back.
    async fn finish(self) -> Result<ImportReport, TransferError> {
        let mut report = self.report;
        report.errors.sort_by_key(|e| e.line);
        if report.committed() {
            self.tx.commit().await?;
        }
        Ok(report)
    }
}

/// Whether a recorded update says what `draft` says.
fn same_update(stored: &StatusUpdate, draft: &StatusUpdateDraft) -> bool {
    stored.initiative_id == draft.initiative_id
        && stored.as_of == draft.as_of
        && stored.status == draft.status
        && stored.health == draft.health
        && stored.percent_complete == draft.percent_complete
        && stored.budget == draft.budget
        && stored.narrative == draft.narrative
        && stored.internal_note.as_deref().filter(|n| !n.is_empty())
            == draft.internal_note.as_deref()
        && stored.supersedes == draft.supersedes
}

/// Whether an initiative already holds what `draft` would write.
fn same_initiative(stored: &Initiative, draft: &InitiativeDraft) -> bool {
    let sorted = |themes: &[Code]| {
        let mut themes = themes.to_vec();
        themes.sort();
        themes.dedup();
        themes
    };
    stored.parent_id == draft.parent_id
        && stored.kind == draft.kind
        && stored.code == draft.code
        && stored.title == draft.title
        && stored.description == draft.description
        && stored.organisation_id == draft.organisation_id
        && stored.contact_id == draft.contact_id
        && stored.dates == draft.dates
        && stored.weight == draft.weight
        && sorted(&stored.themes) == sorted(&draft.themes)
        && stored.visibility == draft.visibility
        && stored.priority == draft.priority
}
