//! Where results go: a file (`-o FILE`) or stdout, buffered.

use std::fs::File;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use crate::failure::{from_io, Failure};

/// A buffered sink that knows its name for messages.
pub struct Output {
    name: String,
    writer: BufWriter<Box<dyn Write>>,
}

impl Output {
    /// Open `path` for writing, or stdout when `None` or `-`.
    pub fn open(path: Option<&Path>) -> Result<Output, Failure> {
        let (name, inner): (String, Box<dyn Write>) = match path {
            None => ("stdout".into(), Box::new(io::stdout().lock())),
            Some(p) if p == Path::new("-") => ("stdout".into(), Box::new(io::stdout().lock())),
            Some(p) => {
                let f = File::create(p)
                    .map_err(|e| Failure::Runtime(format!("cannot create {}: {e}", p.display())))?;
                (p.display().to_string(), Box::new(f))
            }
        };
        Ok(Output {
            name,
            writer: BufWriter::with_capacity(1 << 20, inner),
        })
    }

    /// The output's name for the summary line.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Write text.
    pub fn write_str(&mut self, s: &str) -> Result<(), Failure> {
        let name = self.name.clone();
        self.writer
            .write_all(s.as_bytes())
            .map_err(|e| from_io(&format!("writing {name}"), e))
    }

    /// Flush everything; call once at the end.
    pub fn finish(mut self) -> Result<(), Failure> {
        let name = self.name.clone();
        self.writer
            .flush()
            .map_err(|e| from_io(&format!("writing {name}"), e))
    }
}
