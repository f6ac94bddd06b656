//! `uitkijk convert`: element sets from any supported encoding into another.

use uitkijk_formats::{omm, write_any, Encoding};

use crate::args::{ConvertArgs, ConvertTo};
use crate::failure::{bad, Failure};
use crate::inputs::load_all;
use crate::output::Output;

pub fn run(a: ConvertArgs) -> Result<(), Failure> {
    let loaded = load_all(&a.inputs, a.strict)?;
    let mut sets = loaded.sets;
    if !a.ids.is_empty() {
        sets.retain(|s| a.ids.contains(&s.norad_id));
    }
    let (encoding, names) = match a.to {
        ConvertTo::Tle => (Encoding::Tle, false),
        ConvertTo::ThreeLe => (Encoding::Tle, true),
        ConvertTo::OmmKvn => (Encoding::Omm(omm::Encoding::Kvn), true),
        ConvertTo::OmmXml => (Encoding::Omm(omm::Encoding::Xml), true),
        ConvertTo::OmmJson => (Encoding::Omm(omm::Encoding::Json), true),
        ConvertTo::OmmCsv => (Encoding::Omm(omm::Encoding::Csv), true),
    };
    // A set that the target cannot carry (a 9-digit catalog number in a TLE) is an input
    // problem: say which one and stop, rather than write a partial file.
    let text = write_any(encoding, &sets, names).map_err(|e| {
        bad(format!(
            "cannot write as {:?}: {}: {}",
            a.to,
            e.field(),
            e.kind()
        ))
    })?;
    let mut out = Output::open(a.output.as_deref())?;
    out.write_str(&text)?;
    let name = out.name().to_string();
    out.finish()?;
    eprintln!(
        "uitkijk convert: {} element set(s) written to {name}{}",
        sets.len(),
        if loaded.errors > 0 {
            format!(", {} bad record(s) skipped", loaded.errors)
        } else {
            String::new()
        }
    );
    Ok(())
}
