//! Command-line arguments: typed and validated here, no I/O.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Uitkijk: space situational awareness on your own data.
#[derive(Debug, Parser)]
#[command(name = "uitkijk", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Propagate element sets with SGP4/SDP4 and print states.
    Propagate(PropagateArgs),
    /// Convert element sets between TLE/3LE and OMM (KVN, XML, JSON, CSV).
    Convert(ConvertArgs),
    /// Screen a catalog for close approaches (all-vs-all or assets against the catalog).
    Screen(ScreenArgs),
    /// Break-ups and ASAT tests: debris clouds with parent, epoch, place, Δv and cause.
    Fragmentation(FragmentationArgs),
    /// Proximity (RPO) watch: objects inside a RIC ellipsoid around protected assets, GEO slot
    /// neighbours, and their trend over successive catalogs.
    Proximity(ProximityArgs),
    /// New, vanished, provisional and re-identified objects between two catalogs.
    Newobjects(NewobjectsArgs),
    /// Collision probability of the encounters in CCSDS CDMs (KVN or XML).
    Pc(PcArgs),
    /// Candidate avoidance manoeuvres (burn time, Δv, resulting miss and Pc) for a CDM.
    Avoid(AvoidArgs),
    /// Detect manoeuvres (time, in-plane/out-of-plane, Δv) in element-set histories.
    Maneuvers(ManeuversArgs),
    /// Predicted re-entry time and window of each object from its element-set history.
    Reentry(ReentryArgs),
    /// Load element sets into the store (idempotent: what is already held is not added twice).
    Ingest(IngestArgs),
    /// Measure speed on a catalog (prints one JSON line).
    #[command(subcommand)]
    Bench(BenchCommand),
    /// Serve the REST API (/api/v1) and the web UI.
    Serve(ServeArgs),
    /// Issue, list and revoke API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// Set the releasability tier of objects.
    Tier(TierArgs),
}

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// SGP4 propagations per second over a catalog.
    Sgp4(BenchSgp4Args),
    /// Wall time and peak memory of an all-vs-all (or assets) screening.
    Screen(BenchScreenArgs),
}

/// Output frame of `propagate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FrameArg {
    /// True Equator Mean Equinox (SGP4's own frame).
    Teme,
    /// Geocentric Celestial Reference Frame (IAU-76/FK5 from TEME).
    Gcrf,
    /// International Terrestrial Reference Frame (Earth-fixed, with EOP).
    Itrf,
    /// WGS-84 latitude, longitude, altitude.
    Geodetic,
}

/// Output encoding of `propagate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StateFormat {
    /// One row per object and time.
    Csv,
    /// An array of row objects, one per line.
    Json,
    /// CCSDS OEM 2.0 in KVN, one segment per element set.
    Oem,
}

#[derive(Debug, Args)]
pub struct PropagateArgs {
    /// Element files (TLE/3LE, OMM KVN/XML/JSON/CSV; `.gz` and `-` for stdin accepted).
    #[arg(required = true, value_name = "ELEMENTS")]
    pub inputs: Vec<String>,
    /// Only these catalog numbers (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "N,N")]
    pub ids: Vec<u32>,
    /// Minutes from each element set's own epoch: FROM:TO:STEP (TO included when on the
    /// grid). Write a negative FROM as --tsince=-1440:0:10.
    #[arg(long, allow_hyphen_values = true, value_name = "FROM:TO:STEP",
          conflicts_with_all = ["start", "end", "step"])]
    pub tsince: Option<String>,
    /// First UTC time of an absolute grid (ISO-8601).
    #[arg(long, value_name = "ISO", requires_all = ["end", "step"])]
    pub start: Option<String>,
    /// Last UTC time of the grid (included when on the grid).
    #[arg(long, value_name = "ISO", requires_all = ["start", "step"])]
    pub end: Option<String>,
    /// Grid step in seconds (may be fractional).
    #[arg(long, value_name = "S", requires_all = ["start", "end"])]
    pub step: Option<f64>,
    /// Output frame.
    #[arg(long, value_enum, default_value_t = FrameArg::Teme)]
    pub frame: FrameArg,
    /// Output encoding.
    #[arg(long, value_enum, default_value_t = StateFormat::Csv)]
    pub format: StateFormat,
    /// Write here instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Fail (exit 2) on any bad record or warning instead of skipping it.
    #[arg(long)]
    pub strict: bool,
    /// Propagation model: SGP4, or numerical (Cowell from the SGP4 state at the element
    /// epoch, Cd·A/m from B*).
    #[arg(long, value_enum, default_value_t = PropModel::Sgp4)]
    pub model: PropModel,
    /// Forces of `--model numerical`, comma-separated: point-mass, zonal:N, gravity:NxM, sun,
    /// moon, third-body, srp, drag (NRLMSISE-00), drag:msis, drag:hp (Harris–Priester), full
    /// (default: full = gravity:70x70,sun,moon,srp,drag).
    #[arg(long, value_name = "LIST")]
    pub force_model: Option<String>,
}

/// Propagation model of `propagate`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PropModel {
    /// SGP4/SDP4 (Vallado et al. 2006).
    Sgp4,
    /// Numerical integration (EGM96, Sun, Moon, SRP, NRLMSISE-00 drag).
    Numerical,
}

/// Target encoding of `convert`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ConvertTo {
    /// Two-line element sets without names.
    Tle,
    /// Three-line element sets (`0 NAME` line when a name is known).
    #[value(name = "3le")]
    ThreeLe,
    /// CCSDS OMM, KVN.
    OmmKvn,
    /// CCSDS OMM, XML (one NDM holding every OMM).
    OmmXml,
    /// GP JSON as CelesTrak serves it.
    OmmJson,
    /// GP CSV as CelesTrak serves it.
    OmmCsv,
}

#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// Element files (any supported encoding; `.gz` and `-` accepted).
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<String>,
    /// Target encoding.
    #[arg(long, value_enum)]
    pub to: ConvertTo,
    /// Only these catalog numbers (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "N,N")]
    pub ids: Vec<u32>,
    /// Write here instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Fail (exit 2) on any bad record or warning instead of skipping it.
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Args)]
pub struct BenchSgp4Args {
    /// Catalog file (any supported encoding).
    #[arg(value_name = "CATALOG")]
    pub catalog: String,
    /// Span propagated from each element set's epoch, minutes.
    #[arg(long, default_value_t = 1440.0)]
    pub minutes: f64,
    /// Step, minutes.
    #[arg(long, default_value_t = 1.0)]
    pub step_min: f64,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
    /// Which propagator: the batched SIMD path or the scalar reference.
    #[arg(long, value_enum, default_value_t = BenchPath::Batch)]
    pub path: BenchPath,
}

/// The SGP4 path `bench sgp4` times.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BenchPath {
    /// `Sgp4Batch`: structure of arrays, SIMD lanes chosen at run time, rayon.
    Batch,
    /// `Sgp4::propagate` per object and time, rayon across objects.
    Scalar,
}

/// Output encoding of `screen`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ScreenFormat {
    /// One row per close approach (the contract's columns).
    Csv,
    /// An array of row objects, one per line.
    Json,
    /// One CCSDS CDM (KVN) per event in the directory `-o` names.
    CdmKvn,
    /// One CCSDS CDM (XML) per event in the directory `-o` names.
    CdmXml,
}

#[derive(Debug, Args)]
pub struct ScreenArgs {
    /// Catalog files (TLE/3LE, OMM; `.gz` and `-` accepted); the latest element set of each
    /// object is screened.
    #[arg(required = true, value_name = "CATALOG")]
    pub inputs: Vec<String>,
    /// Screen these against the catalog instead of all-vs-all: catalog numbers (N,N) or a
    /// file of the assets' own element sets.
    #[arg(long, value_name = "N,N|FILE")]
    pub assets: Option<String>,
    /// Window start, UTC ISO-8601 (default: the newest element epoch in the catalog).
    #[arg(long, value_name = "ISO")]
    pub start: Option<String>,
    /// Window length, days.
    #[arg(long, default_value_t = 7.0)]
    pub days: f64,
    /// Largest miss distance reported, km.
    #[arg(long, default_value_t = 5.0)]
    pub threshold_km: f64,
    /// Output encoding.
    #[arg(long, value_enum, default_value_t = ScreenFormat::Csv)]
    pub format: ScreenFormat,
    /// Write here instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Fail (exit 2) on any bad record or warning instead of skipping it.
    #[arg(long)]
    pub strict: bool,
    /// Also store the run and its events (with their CDMs) in this store: sqlite://FILE or
    /// postgres://USER@HOST:PORT/DB. An event of the same pair within 60 s of a stored
    /// event's TCA updates it and extends its Pc history.
    #[arg(long, value_name = "URL")]
    pub db: Option<String>,
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Element files: TLE/3LE, OMM KVN/XML/JSON/CSV (`.gz` and `-` for stdin accepted).
    #[arg(required = true, value_name = "FILE")]
    pub inputs: Vec<String>,
    /// The store: sqlite://FILE or postgres://USER@HOST:PORT/DB. Default: the SQLite file
    /// uitkijk.db in the working directory (created when missing).
    #[arg(long, value_name = "URL", default_value = crate::db::DEFAULT_DB)]
    pub db: String,
    /// Releasability tier given to objects seen for the first time (public, partner or
    /// national); objects already held keep theirs.
    #[arg(long, default_value = "public", value_name = "TIER")]
    pub tier: String,
    /// Element sets per transaction: an interruption loses at most the one in flight.
    #[arg(long, default_value_t = 5000, value_name = "N")]
    pub batch: usize,
    /// Store nothing from a file that has any bad record or warning (exit 2).
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Args)]
pub struct BenchScreenArgs {
    /// Catalog file (any supported encoding).
    #[arg(value_name = "CATALOG")]
    pub catalog: String,
    /// Window length, days.
    #[arg(long, default_value_t = 7.0)]
    pub days: f64,
    /// Largest miss distance, km.
    #[arg(long, default_value_t = 5.0)]
    pub threshold_km: f64,
    /// Screen the first N objects (by catalog number) as assets instead of all-vs-all.
    #[arg(long, value_name = "N")]
    pub assets: Option<usize>,
    /// Screen these catalog numbers as assets (comma-separated).
    #[arg(
        long,
        value_name = "N,N",
        value_delimiter = ',',
        conflicts_with = "assets"
    )]
    pub asset_ids: Option<Vec<u32>>,
    /// With assets: sample and screen only where the pair filters leave time (work in
    /// progress, off by default) instead of every object over the whole window.
    #[arg(long)]
    pub sieve: bool,
    /// Worker threads (default: all cores).
    #[arg(long)]
    pub threads: Option<usize>,
}

#[derive(Debug, Args)]
pub struct PcArgs {
    /// CDM files (KVN or XML; `.gz` and `-` accepted).
    #[arg(required = true, value_name = "CDM")]
    pub inputs: Vec<String>,
    /// foster (exact 2D integral), cara (CARA PcCircle convention), chan, alfano, patera,
    /// laas, alfriend, alfriend-max, hall3d (Hall's 3D Nc), mc (Monte Carlo), or all.
    #[arg(long, default_value = "foster")]
    pub method: String,
    /// Monte Carlo trials (default: until the 95 % interval is within ±10 % of Pc, at most
    /// 10 million).
    #[arg(long, value_name = "N")]
    pub mc_trials: Option<u64>,
    /// Shape of the hard-body region on the encounter plane (squares: foster only).
    #[arg(long, value_enum, default_value_t = HbrShapeArg::Circle)]
    pub hbr_shape: HbrShapeArg,
    /// Combined hard-body radius, m (overrides the CDM's HBR).
    #[arg(long, value_name = "X")]
    pub hbr_m: Option<f64>,
    /// Write here instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Output encoding of `avoid`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AvoidFormat {
    /// One row per burn time and direction.
    Csv,
    /// The whole table with the Pc before the burn.
    Json,
}

#[derive(Debug, Args)]
pub struct AvoidArgs {
    /// The conjunction: a CDM (KVN or XML; `.gz` and `-` accepted).
    #[arg(value_name = "CDM")]
    pub input: String,
    /// Pc the manoeuvre must bring the conjunction to (or below).
    #[arg(long, default_value_t = 1e-4)]
    pub pc_threshold: f64,
    /// Combined hard-body radius, m (overrides the CDM's HBR).
    #[arg(long, value_name = "X")]
    pub hbr_m: Option<f64>,
    /// Output encoding.
    #[arg(long, value_enum, default_value_t = AvoidFormat::Csv)]
    pub format: AvoidFormat,
    /// Write here instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Hard-body region of `pc`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HbrShapeArg {
    /// Disc of radius HBR.
    Circle,
    /// Square of half-width HBR on the encounter-plane axes (CSpOC's convention).
    Square,
    /// Square with the disc's area (CARA's `squareEquArea`).
    SquareEqualArea,
}

/// Output encoding of `reentry`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReentryFormat {
    /// One row per object.
    Csv,
    /// An array of objects, with the watch event of each prediction.
    Json,
}

/// Density model of `reentry`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReentryAtmosphere {
    /// NRLMSISE-00 when β is fitted to several sets, else the static profile.
    Auto,
    /// NRLMSISE-00 averaged over the orbit, with observed space weather to the prediction time.
    Msis,
    /// Static piecewise-exponential CIRA-72 profile (Vallado Table 8-4).
    Exponential,
}

#[derive(Debug, Args)]
pub struct ReentryArgs {
    /// Element-set histories (TLE/3LE, OMM; `.gz` and `-` accepted); the sets of each catalog
    /// number form its history.
    #[arg(required = true, value_name = "HISTORY")]
    pub inputs: Vec<String>,
    /// Only these catalog numbers (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "N,N")]
    pub ids: Vec<u32>,
    /// Predict as of this UTC moment, from the element sets with epoch at or before it.
    #[arg(long, value_name = "ISO")]
    pub at: Option<String>,
    /// Longest prediction, days after the last element set.
    #[arg(long, default_value_t = 365.0, value_name = "D")]
    pub horizon_days: f64,
    /// Perigee height counted as re-entry, km.
    #[arg(long, default_value_t = 80.0, value_name = "KM")]
    pub end_alt_km: f64,
    /// Regions whose overflight within the window is reported (comma-separated): NL
    /// (European Netherlands), EU (27 member states), an atlas country name or ISO numeric
    /// code, an EU alpha-2 code, or a GeoJSON polygon file. `none` for no regions.
    #[arg(
        long,
        value_delimiter = ',',
        default_value = "NL,EU",
        value_name = "R,R"
    )]
    pub region: Vec<String>,
    /// Draw the map (world, regions, ground track across the window) of the first object
    /// predicted to this SVG file.
    #[arg(long, value_name = "FILE")]
    pub svg: Option<PathBuf>,
    /// Density model of the decay (auto: NRLMSISE-00 when β is fitted to several sets, the
    /// static profile for a single set).
    #[arg(long, value_enum, default_value_t = ReentryAtmosphere::Auto)]
    pub atmosphere: ReentryAtmosphere,
    /// Output encoding.
    #[arg(long, value_enum, default_value_t = ReentryFormat::Csv)]
    pub format: ReentryFormat,
    /// Write here instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Output encoding of `maneuvers`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ManeuversFormat {
    /// One row per manoeuvre.
    Csv,
    /// `{"maneuvers": [...], "events": [...]}`: the rows and the shared event records.
    Json,
}

#[derive(Debug, Args)]
pub struct ManeuversArgs {
    /// Element-set histories (TLE/3LE, OMM; `.gz` and `-` accepted); all inputs together
    /// form one history per catalog number.
    #[arg(required = true, value_name = "HISTORY")]
    pub inputs: Vec<String>,
    /// Only these catalog numbers (comma-separated).
    #[arg(long, value_delimiter = ',', value_name = "N,N")]
    pub ids: Vec<u32>,
    /// Output encoding.
    #[arg(long, value_enum, default_value_t = ManeuversFormat::Csv)]
    pub format: ManeuversFormat,
    /// Write here instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Fail (exit 2) on any bad record or warning instead of skipping it.
    #[arg(long)]
    pub strict: bool,
}

/// Output encoding of `fragmentation`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FragmentationFormat {
    /// One row per event (the contract's columns first).
    Csv,
    /// One report object per event, with the Gabbard points and the spread over time.
    Json,
}

#[derive(Debug, Args)]
pub struct FragmentationArgs {
    /// Catalog files (TLE/3LE, OMM; `.gz` and `-` accepted); the latest element set of each
    /// object is used.
    #[arg(required = true, value_name = "CATALOG")]
    pub inputs: Vec<String>,
    /// An earlier catalog: only pieces new since then make a cloud.
    #[arg(long, value_name = "CATALOG")]
    pub before: Option<String>,
    /// SATCAT CSV (CelesTrak layout or the 2019 database columns; `.gz` accepted): owner,
    /// launch date, names of objects the catalog does not name.
    #[arg(long, value_name = "FILE")]
    pub satcat: Option<String>,
    /// Protected assets (catalog numbers) checked against each cloud's altitude band.
    #[arg(long, value_delimiter = ',', value_name = "N,N")]
    pub assets: Vec<u32>,
    /// Fewest debris pieces that make a cloud.
    #[arg(long, default_value_t = 10)]
    pub min_fragments: usize,
    /// How far back from the first fragment element set the event is searched, days.
    #[arg(long, default_value_t = 3650.0)]
    pub lookback_days: f64,
    /// Output encoding.
    #[arg(long, value_enum, default_value_t = FragmentationFormat::Csv)]
    pub format: FragmentationFormat,
    /// Write one Gabbard diagram per event (PARENT_EPOCH.svg) into this directory.
    #[arg(long, value_name = "DIR")]
    pub svg: Option<PathBuf>,
    /// Write here instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Fail (exit 2) on any bad record or warning instead of skipping it.
    #[arg(long)]
    pub strict: bool,
}

/// Output encoding of the SDA commands (`proximity`, `newobjects`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SdaFormat {
    /// One row per finding.
    Csv,
    /// One JSON document with the rows and the events.
    Json,
}

#[derive(Debug, Args)]
pub struct ProximityArgs {
    /// Catalog files, older first (TLE/3LE, OMM; `.gz` and `-` accepted). The latest element
    /// set of each object is watched; earlier ones give each neighbour's trend.
    #[arg(required = true, value_name = "CATALOG")]
    pub inputs: Vec<String>,
    /// Protected assets: catalog numbers (N,N) or a file of the assets' own element sets.
    #[arg(long, value_name = "N,N|FILE", required = true)]
    pub assets: String,
    /// Window start, UTC ISO-8601 (default: the newest element epoch in the catalog).
    #[arg(long, value_name = "ISO")]
    pub start: Option<String>,
    /// Window length, days.
    #[arg(long, default_value_t = 7.0)]
    pub days: f64,
    /// Keep-out ellipsoid semi-axes radial,in-track,cross-track in km for every asset
    /// (default: 2,25,25 near-Earth; 10,50,50 deep space).
    #[arg(long, value_name = "R,I,C")]
    pub ellipsoid_km: Option<String>,
    /// Half-width of a GEO longitude slot, degrees.
    #[arg(long, default_value_t = 0.1)]
    pub slot_half_width_deg: f64,
    /// Report drifts into a GEO asset's slot arriving within this many days.
    #[arg(long, default_value_t = 30.0)]
    pub drift_horizon_days: f64,
    /// Output encoding.
    #[arg(long, value_enum, default_value_t = SdaFormat::Csv)]
    pub format: SdaFormat,
    /// Write here instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Fail (exit 2) on any bad record or warning instead of skipping it.
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Args)]
pub struct NewobjectsArgs {
    /// The older catalog.
    #[arg(value_name = "OLD")]
    pub old: String,
    /// The newer catalog.
    #[arg(value_name = "NEW")]
    pub new: String,
    /// A SATCAT CSV (CelesTrak layout or the 2019 database columns): launch and decay dates.
    #[arg(long, value_name = "FILE")]
    pub satcat: Option<String>,
    /// Output encoding.
    #[arg(long, value_enum, default_value_t = SdaFormat::Csv)]
    pub format: SdaFormat,
    /// Write here instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Fail (exit 2) on any bad record or warning instead of skipping it.
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The store: sqlite://FILE or postgres://USER@HOST:PORT/DB.
    #[arg(long, value_name = "URL", default_value = crate::db::DEFAULT_DB)]
    pub db: String,
    /// Address to listen on; port 0 picks a free one (the real address is printed).
    #[arg(long, value_name = "HOST:PORT", default_value = "127.0.0.1:8080")]
    pub bind: String,
    /// Folder of the built web UI.
    #[arg(long, value_name = "DIR", default_value = "web/dist")]
    pub web_dir: PathBuf,
    /// Let callers without a token read as public-tier partners.
    #[arg(long)]
    pub public_anonymous: bool,
    /// Database connections kept open.
    #[arg(long, value_name = "N", default_value_t = 8)]
    pub pool: usize,
}

#[derive(Debug, Subcommand)]
pub enum TokenCommand {
    /// Issue a token for a user (created when new); prints the secret once on stdout.
    Issue(TokenIssueArgs),
    /// List tokens (never their secrets).
    List(TokenListArgs),
    /// Revoke a token by id: it stops working at once.
    Revoke(TokenRevokeArgs),
}

#[derive(Debug, Args)]
pub struct TokenIssueArgs {
    /// The store.
    #[arg(long, value_name = "URL", default_value = crate::db::DEFAULT_DB)]
    pub db: String,
    /// User name (created when new).
    #[arg(long, value_name = "NAME")]
    pub name: String,
    /// admin, analyst or partner.
    #[arg(long, value_name = "ROLE")]
    pub role: String,
    /// Highest releasability tier the user sees: public, partner or national.
    #[arg(long, value_name = "TIER")]
    pub tier: String,
    /// Partner centre of the user (created with --tier when new; a partner-role user
    /// without one gets a centre of its own name).
    #[arg(long, value_name = "NAME")]
    pub partner: Option<String>,
    /// Label kept with the token.
    #[arg(long, value_name = "TEXT")]
    pub label: Option<String>,
}

#[derive(Debug, Args)]
pub struct TokenListArgs {
    /// The store.
    #[arg(long, value_name = "URL", default_value = crate::db::DEFAULT_DB)]
    pub db: String,
}

#[derive(Debug, Args)]
pub struct TokenRevokeArgs {
    /// The store.
    #[arg(long, value_name = "URL", default_value = crate::db::DEFAULT_DB)]
    pub db: String,
    /// Token id (from `token list`).
    #[arg(value_name = "ID")]
    pub id: i64,
}

#[derive(Debug, Args)]
pub struct TierArgs {
    /// The store.
    #[arg(long, value_name = "URL", default_value = crate::db::DEFAULT_DB)]
    pub db: String,
    /// Catalog numbers, comma-separated.
    #[arg(long, value_name = "N,N", value_delimiter = ',', required = true)]
    pub ids: Vec<u32>,
    /// public, partner or national.
    #[arg(long, value_name = "TIER")]
    pub tier: String,
}
