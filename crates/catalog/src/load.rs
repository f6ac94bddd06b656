//! Reading element sets from files or stdin, plain or gzip-compressed, in any supported format.

use std::io::Read;

use uitkijk_formats::{read_any, FormatError, Parsed};

/// Why an input could not be read at all (a bad record inside a readable input is not a
/// `LoadError`: it is reported in [`Parsed::errors`]).
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum LoadError {
    /// The file could not be opened or read.
    #[error("{path}: {source}")]
    Io {
        /// The path as given (`-` for stdin).
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The gzip stream is corrupt.
    #[error("{path}: not a valid gzip stream: {source}")]
    Gzip {
        /// The path as given.
        path: String,
        /// The decoder's error.
        source: std::io::Error,
    },
    /// The content is not any supported format.
    #[error("{path}: {source}")]
    Format {
        /// The path as given.
        path: String,
        /// What the format detection found.
        source: FormatError,
    },
}

/// One input: its name for messages and what was read from it.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as given (`-` for stdin).
    pub path: String,
    /// Element sets, errors and warnings found in it.
    pub parsed: Parsed,
}

/// The bytes of `path` (`-` = stdin), gunzipped when they start with the gzip magic number,
/// as text (invalid UTF-8 replaced, so that the parsers can name the bad line rather than the
/// whole file failing).
pub fn read_input(path: &str) -> Result<String, LoadError> {
    let io_err = |source| LoadError::Io {
        path: path.to_string(),
        source,
    };
    let mut raw = Vec::new();
    if path == "-" {
        std::io::stdin()
            .lock()
            .read_to_end(&mut raw)
            .map_err(io_err)?;
    } else {
        raw = std::fs::read(path).map_err(io_err)?;
    }
    if raw.starts_with(&[0x1f, 0x8b]) {
        let mut out = Vec::with_capacity(raw.len() * 4);
        flate2::read::MultiGzDecoder::new(&raw[..])
            .read_to_end(&mut out)
            .map_err(|source| LoadError::Gzip {
                path: path.to_string(),
                source,
            })?;
        raw = out;
    }
    Ok(match String::from_utf8(raw) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    })
}

/// Read and parse one input, detecting its format by content.
pub fn load(path: &str) -> Result<Source, LoadError> {
    let text = read_input(path)?;
    let parsed = read_any(&text).map_err(|source| LoadError::Format {
        path: path.to_string(),
        source,
    })?;
    Ok(Source {
        path: path.to_string(),
        parsed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn reads_gzip_and_plain_alike() {
        let dir = std::env::temp_dir().join(format!("uitkijk-load-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let text = "1 25544U 98067A   08264.51782528 -.00002182  00000-0 -11606-4 0  2927\n2 25544  51.6416 247.4627 0006703 130.5360 325.0288 15.72125391563537\n";
        let plain = dir.join("a.tle");
        std::fs::write(&plain, text).unwrap();
        let gz = dir.join("a.tle.gz");
        let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(text.as_bytes()).unwrap();
        std::fs::write(&gz, enc.finish().unwrap()).unwrap();
        for p in [&plain, &gz] {
            let s = load(p.to_str().unwrap()).unwrap();
            assert_eq!(s.parsed.sets.len(), 1);
        }
        let missing = load(dir.join("nope").to_str().unwrap()).unwrap_err();
        assert!(missing.to_string().contains("nope"));
        let mut broken = std::fs::read(&gz).unwrap();
        broken.truncate(20);
        std::fs::write(&gz, broken).unwrap();
        assert!(matches!(
            load(gz.to_str().unwrap()),
            Err(LoadError::Gzip { .. })
        ));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
