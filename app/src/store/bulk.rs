//! Many rows per statement, with ids the caller chooses: the synthetic
//! portfolio loads this way, and an import's batch of status updates
//! ([`super::write::StatusUpdateBatch`]) writes its updates, their audit rows
//! and the derived periods this way. A person's single edit goes through
//! [`super::write`] one audited change at a time.

use super::{Backend, StoreError, Tx};
use chrono::{DateTime, NaiveDate, Utc};
use sqlx::QueryBuilder;

/// A value of a bulk row.
#[derive(Clone, Debug)]
pub enum Value {
    Int(Option<i64>),
    Float(f64),
    Text(Option<String>),
    Date(Option<NaiveDate>),
    Bool(bool),
    Time(DateTime<Utc>),
}

/// The next free id of `table` (a fixed table name, never input).
pub async fn next_id(tx: &mut Tx, table: &'static str) -> Result<i64, StoreError> {
    let sql = format!("select coalesce(max(id), 0) + 1 from {table}");
    Ok(on_tx!(tx, c => sqlx::query_scalar(&sql).fetch_one(c).await)?)
}

/// Inserts `rows` into `table` (fixed names, never input), as many rows per
/// statement as the database's limit on bound values allows. The rows are
/// taken: their texts are bound as they are, not copied again.
pub async fn insert(
    tx: &mut Tx,
    table: &'static str,
    columns: &[&'static str],
    rows: Vec<Vec<Value>>,
) -> Result<(), StoreError> {
    let statements = Statements::new(tx.backend(), table, columns, rows);
    statements.run(tx).await
}

/// Insert statements built and not yet run: building them (the SQL text,
/// every value encoded) needs no connection, so it can happen while the
/// connection runs earlier ones.
pub enum Statements {
    Sqlite(Vec<QueryBuilder<'static, sqlx::Sqlite>>),
    Postgres(Vec<QueryBuilder<'static, sqlx::Postgres>>),
}

impl Statements {
    /// The statements inserting `rows` into `table` on `backend`.
    pub fn new(
        backend: Backend,
        table: &'static str,
        columns: &[&'static str],
        rows: Vec<Vec<Value>>,
    ) -> Self {
        // SQLite accepts 32 766 bound values per statement, PostgreSQL 65 535.
        let per_statement = (30_000 / columns.len().max(1)).max(1);
        // On SQLite, `or fail`: a statement that breaks a constraint stops
        // there and keeps the rows it wrote before, instead of undoing itself
        // alone. That undo is what makes SQLite copy every page a statement of
        // many rows touches before changing it; the caller's transaction,
        // never committed after an error, takes the rows away anyway. (Keys
        // checked at commit, as status updates' are, never ask for that undo
        // either.)
        let verb = match backend {
            Backend::Sqlite => "insert or fail",
            Backend::Postgres => "insert",
        };
        let head = format!("{verb} into {table} ({}) ", columns.join(", "));
        match backend {
            Backend::Sqlite => Statements::Sqlite(statements(&head, per_statement, rows)),
            Backend::Postgres => Statements::Postgres(statements(&head, per_statement, rows)),
        }
    }

    /// Whether there is no statement (no row to insert).
    pub fn is_empty(&self) -> bool {
        match self {
            Statements::Sqlite(list) => list.is_empty(),
            Statements::Postgres(list) => list.is_empty(),
        }
    }

    /// Runs the statements, in order, in `tx` (of the same backend).
    pub async fn run(self, tx: &mut Tx) -> Result<(), StoreError> {
        match (self, tx) {
            (Statements::Sqlite(statements), Tx::Sqlite(tx)) => {
                for mut statement in statements {
                    statement.build().execute(&mut **tx).await?;
                }
            }
            (Statements::Postgres(statements), Tx::Postgres(tx)) => {
                for mut statement in statements {
                    statement.build().execute(&mut **tx).await?;
                }
            }
            (statements, _) if statements.is_empty() => {}
            _ => {
                return Err(StoreError::Corrupt(
                    "statements built for the other database".into(),
                ))
            }
        }
        Ok(())
    }
}

/// Multi-row inserts of `rows`, `per_statement` at a time: each `head` and
/// a `VALUES` list.
fn statements<DB>(
    head: &str,
    per_statement: usize,
    rows: Vec<Vec<Value>>,
) -> Vec<QueryBuilder<'static, DB>>
where
    DB: sqlx::Database,
    Option<i64>: for<'q> sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    f64: for<'q> sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    Option<String>: for<'q> sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    Option<NaiveDate>: for<'q> sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    bool: for<'q> sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    DateTime<Utc>: for<'q> sqlx::Encode<'q, DB> + sqlx::Type<DB>,
    for<'a> <DB as sqlx::Database>::Arguments<'a>: sqlx::IntoArguments<'a, DB>,
{
    let mut rows = rows.into_iter().peekable();
    let mut list = Vec::new();
    while rows.peek().is_some() {
        let mut query = QueryBuilder::new(head.to_owned());
        query.push_values(rows.by_ref().take(per_statement), |mut b, row| {
            for value in row {
                match value {
                    Value::Int(v) => b.push_bind(v),
                    Value::Float(v) => b.push_bind(v),
                    Value::Text(v) => b.push_bind(v),
                    Value::Date(v) => b.push_bind(v),
                    Value::Bool(v) => b.push_bind(v),
                    Value::Time(v) => b.push_bind(v),
                };
            }
        });
        list.push(query);
    }
    list
}

/// After rows were inserted with chosen ids: PostgreSQL's identity sequences
/// must move past them (SQLite numbers new rows from the largest id).
pub async fn resync_ids(tx: &mut Tx, tables: &[&'static str]) -> Result<(), StoreError> {
    if tx.backend() != Backend::Postgres {
        return Ok(());
    }
    for table in tables {
        let sql = format!(
            "select setval(pg_get_serial_sequence('{table}', 'id'), (select coalesce(max(id), 0) + 1 from {table}), false)"
        );
        on_tx!(tx, c => sqlx::query(&sql).execute(c).await.map(|r| r.rows_affected()))?;
    }
    Ok(())
}

/// How many initiatives have a code starting with `prefix` (no `%` or `_` in it).
pub async fn count_codes_with_prefix(tx: &mut Tx, prefix: &str) -> Result<i64, StoreError> {
    const SQL: &str = "select count(*) from initiative where code like $1";
    let pattern = format!("{prefix}%");
    Ok(on_tx!(tx, c => sqlx::query_scalar(SQL).bind(pattern).fetch_one(c).await)?)
}

/// Settles the database after a bulk load, as it would be once its
/// maintenance has run: SQLite moves the write-ahead log into the database
/// file (otherwise every later read searches a log of millions of pages);
/// PostgreSQL vacuums (what autovacuum does after a large insert: it marks
/// the pages all-visible, so the index on `supersedes` answers "is this
/// update corrected?" without visiting the table); both refresh the
/// planner's statistics.
pub async fn settle(db: &super::Db) -> Result<(), StoreError> {
    match db {
        super::Db::Sqlite(pool) => {
            sqlx::query("pragma wal_checkpoint(truncate)")
                .execute(pool)
                .await?;
            sqlx::query("analyze").execute(pool).await?;
        }
        super::Db::Postgres(pool) => {
            sqlx::query("vacuum (analyze)").execute(pool).await?;
        }
    }
    Ok(())
}
