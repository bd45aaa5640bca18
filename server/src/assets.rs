//! The browser bundle (`/pkg/`: wasm, JavaScript, CSS), served from the
//! built site with its brotli and gzip forms: the server writes
//! `FILE.br` and `FILE.gz` beside each bundle file once, when they are
//! missing or older than the file (a new build), and `ServeDir` sends the
//! form the reader accepts, with `Last-Modified` and 304 answers.

use std::path::{Path, PathBuf};
use std::time::SystemTime;
use tower_http::services::ServeDir;

/// The extensions worth compressing; everything else is sent as it is.
const COMPRESSED: [&str; 3] = ["wasm", "js", "css"];

fn modified(path: &Path) -> Option<SystemTime> {
    std::fs::metadata(path).and_then(|m| m.modified()).ok()
}

/// `path` with `.ext` added: `jalons.wasm` → `jalons.wasm.br`.
fn sibling(path: &Path, ext: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(".");
    name.push(ext);
    PathBuf::from(name)
}

/// Writes `bytes` to `path` whole or not at all (a temporary file renamed),
/// so that a reader never gets half a file.
fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let partial = sibling(path, "partial");
    std::fs::write(&partial, bytes)?;
    std::fs::rename(&partial, path)
}

/// Writes the brotli and gzip forms of every bundle file in `dir` that has
/// none or an older one; answers how many files it compressed.
pub fn precompress(dir: &Path) -> std::io::Result<usize> {
    let mut done = 0;
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let wanted = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| COMPRESSED.contains(&e));
        if !wanted {
            continue;
        }
        let (br, gz) = (sibling(&path, "br"), sibling(&path, "gz"));
        let source = modified(&path);
        let fresh = |p: &Path| modified(p).is_some_and(|m| Some(m) >= source);
        if fresh(&br) && fresh(&gz) {
            continue;
        }
        let body = std::fs::read(&path)?;
        // Once per build, in the background: the best brotli has (its
        // 32 MiB of working memory are given back at once).
        let (brotli, gzip) = crate::cache::compress_with(&body, 11, 22)?;
        write_atomically(&br, &brotli)?;
        write_atomically(&gz, &gzip)?;
        done += 1;
    }
    Ok(done)
}

/// Compresses the bundle in the background (a first start after a build
/// takes a few seconds; meanwhile the plain files are served).
pub fn spawn_precompress(dir: PathBuf) {
    tokio::task::spawn_blocking(move || match precompress(&dir) {
        Ok(0) => {}
        Ok(n) => tracing::info!(files = n, dir = %dir.display(), "bundle compressed"),
        Err(error) => {
            tracing::warn!(%error, dir = %dir.display(), "bundle not compressed; served as it is")
        }
    });
}

/// The service that answers `/pkg/…` from `dir`.
pub fn service(dir: &Path) -> ServeDir {
    ServeDir::new(dir).precompressed_br().precompressed_gzip()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_bundle_file_gets_its_forms_once_and_again_after_a_build() {
        let dir = tempfile::tempdir().unwrap();
        let wasm = dir.path().join("jalons.wasm");
        std::fs::write(&wasm, vec![7u8; 50_000]).unwrap();
        std::fs::write(dir.path().join("notes.txt"), "not compressed").unwrap();

        assert_eq!(precompress(dir.path()).unwrap(), 1);
        let br = std::fs::read(sibling(&wasm, "br")).unwrap();
        let mut plain = Vec::new();
        std::io::Read::read_to_end(&mut brotli::Decompressor::new(&br[..], 4096), &mut plain)
            .unwrap();
        assert_eq!(plain, vec![7u8; 50_000]);
        assert!(br.len() < 1_000);
        assert!(sibling(&wasm, "gz").exists());
        assert!(!dir.path().join("notes.txt.br").exists());
        // Up to date: nothing to do.
        assert_eq!(precompress(dir.path()).unwrap(), 0);
        // A new build (a newer file) is compressed again.
        std::thread::sleep(std::time::Duration::from_millis(20));
        std::fs::write(&wasm, vec![8u8; 50_000]).unwrap();
        assert_eq!(precompress(dir.path()).unwrap(), 1);
    }
}
