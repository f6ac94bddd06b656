//! `uitkijk`: the command-line face of Uitkijk. Parses arguments, runs one command, maps
//! failures to exit codes (0 ok, 1 runtime failure, 2 bad input) in one place.

mod args;
mod avoid;
mod bench;
mod cdm_in;
mod cdm_out;
mod convert;
mod db;
mod failure;
mod fragmentation;
mod ingest;
mod inputs;
mod maneuvers;
mod newobjects;
mod output;
mod pc;
mod propagate;
mod proximity;
mod reentry;
mod screen;
mod serve;
mod token;
mod transform;

use clap::Parser;

use crate::args::{BenchCommand, Cli, Command};

fn main() {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // --help and --version print to stdout and succeed; anything else is bad input.
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            std::process::exit(code);
        }
    };
    let result = match cli.command {
        Command::Propagate(a) => propagate::run(a),
        Command::Convert(a) => convert::run(a),
        Command::Screen(a) => screen::run(a),
        Command::Fragmentation(a) => fragmentation::run(a),
        Command::Pc(a) => pc::run(a),
        Command::Avoid(a) => avoid::run(a),
        Command::Reentry(a) => reentry::run(a),
        Command::Maneuvers(a) => maneuvers::run(a),
        Command::Ingest(a) => ingest::run(a),
        Command::Proximity(a) => proximity::run(a),
        Command::Newobjects(a) => newobjects::run(a),
        Command::Bench(BenchCommand::Sgp4(a)) => bench::run_sgp4(a),
        Command::Bench(BenchCommand::Screen(a)) => bench::run_screen(a),
        Command::Serve(a) => serve::run(a),
        Command::Token(c) => token::run(c),
        Command::Tier(a) => token::run_tier(a),
    };
    std::process::exit(match result {
        Ok(()) => 0,
        Err(f) => f.report(),
    });
}
