//! `jalons backup PATH` and `jalons restore PATH`: a consistent copy of the
//! whole database taken while the server runs, and that copy put back.
//!
//! SQLite: `VACUUM INTO` writes a compact, consistent copy of the database
//! as one read transaction sees it; restoring copies it back the same way
//! into a new file that then replaces the database (the server stopped).
//! PostgreSQL: `pg_dump` in its custom format (one snapshot), and
//! `pg_restore` in a single transaction, so a restore that fails leaves the
//! database as it was.

use anyhow::{bail, Context};
use app::store::Db;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool};
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// Writes a backup of the database at `url` to `path`, which must not exist.
pub async fn backup(db: &Db, url: &str, path: &Path) -> anyhow::Result<()> {
    if path.exists() {
        bail!(
            "{} exists already: a backup never overwrites a file",
            path.display()
        );
    }
    match db {
        Db::Sqlite(pool) => {
            // Written beside its final name, then renamed: a backup
            // interrupted half-way never passes for a whole one.
            let partial = partial_path(path);
            let _ = std::fs::remove_file(&partial);
            sqlx::query("vacuum into ?")
                .bind(partial.to_string_lossy().into_owned())
                .execute(pool)
                .await
                .context("SQLite could not write the backup")?;
            std::fs::rename(&partial, path)
                .with_context(|| format!("cannot rename the backup to {}", path.display()))?;
        }
        Db::Postgres(_) => {
            let partial = partial_path(path);
            run(
                &pg_tool("pg_dump")?,
                &[
                    "--format=custom",
                    "--no-owner",
                    "--file",
                    &partial.to_string_lossy(),
                    "--dbname",
                    url,
                ],
            )?;
            std::fs::rename(&partial, path)
                .with_context(|| format!("cannot rename the backup to {}", path.display()))?;
        }
    }
    Ok(())
}

/// Replaces the whole database at `url` with the backup at `path`. The
/// server must be stopped; the schema is brought up to date afterwards
/// (a backup from an older release is upgraded).
pub async fn restore(url: &str, path: &Path) -> anyhow::Result<()> {
    if !path.is_file() {
        bail!("{}: no such backup file", path.display());
    }
    if url.starts_with("sqlite:") {
        let target = SqliteConnectOptions::from_str(url)?
            .get_filename()
            .to_path_buf();
        let source =
            SqlitePool::connect_with(SqliteConnectOptions::new().filename(path).read_only(true))
                .await
                .with_context(|| format!("{}: not an SQLite database", path.display()))?;
        let check: String = sqlx::query_scalar("pragma integrity_check")
            .fetch_one(&source)
            .await
            .with_context(|| format!("{}: not an SQLite database", path.display()))?;
        if check != "ok" {
            bail!("{}: the backup is damaged ({check})", path.display());
        }
        let is_jalons: Option<String> = sqlx::query_scalar(
            "select name from sqlite_master where type = 'table' and name = 'initiative'",
        )
        .fetch_optional(&source)
        .await?;
        if is_jalons.is_none() {
            bail!(
                "{}: not a Jalons backup (no initiative table)",
                path.display()
            );
        }
        let restoring = partial_path(&target);
        let _ = std::fs::remove_file(&restoring);
        if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        sqlx::query("vacuum into ?")
            .bind(restoring.to_string_lossy().into_owned())
            .execute(&source)
            .await
            .context("SQLite could not copy the backup")?;
        source.close().await;
        // The old database's write-ahead log belongs to the old file.
        for suffix in ["-wal", "-shm"] {
            let mut side = target.clone().into_os_string();
            side.push(suffix);
            let _ = std::fs::remove_file(PathBuf::from(side));
        }
        std::fs::rename(&restoring, &target)
            .with_context(|| format!("cannot replace {}", target.display()))?;
    } else {
        run(
            &pg_tool("pg_restore")?,
            &[
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                "--dbname",
                url,
                &path.to_string_lossy(),
            ],
        )?;
    }
    crate::open_database(url).await?;
    Ok(())
}

/// `path` with `.partial` appended: where a copy is written before it is
/// renamed to its name.
fn partial_path(path: &Path) -> PathBuf {
    let mut partial = path.to_path_buf().into_os_string();
    partial.push(".partial");
    PathBuf::from(partial)
}

/// A PostgreSQL client tool: on `PATH`, else from the newest
/// `/usr/lib/postgresql/*/bin` (Debian's layout).
fn pg_tool(name: &str) -> anyhow::Result<PathBuf> {
    if let Some(found) = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file())
    {
        return Ok(found);
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|entry| {
            let version = entry.file_name().to_str()?.parse().ok()?;
            let tool = entry.path().join("bin").join(name);
            tool.is_file().then_some((version, tool))
        })
        .collect();
    versions.sort();
    versions
        .pop()
        .map(|(_, tool)| tool)
        .with_context(|| format!("{name} not found: install PostgreSQL's client tools"))
}

fn run(tool: &Path, args: &[&str]) -> anyhow::Result<()> {
    let output = std::process::Command::new(tool)
        .args(args)
        .output()
        .with_context(|| format!("cannot run {}", tool.display()))?;
    if !output.status.success() {
        bail!(
            "{} failed: {}",
            tool.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        );
    }
    Ok(())
}
