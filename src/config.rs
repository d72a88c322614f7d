//! The operator's configuration file (docs/CONFIG.md): where the database
//! is, the language, the theme, the worker's name for the audit log and the
//! key file of the audit log's tamper evidence. Every field is optional; a
//! missing file is an empty configuration. Command-line options and the
//! `SHILIAN_*` environment variables win over the file.
//!
//! Found at `$SHILIAN_CONFIG` when set, else
//! `$XDG_CONFIG_HOME/shilian/config.toml`, else
//! `~/.config/shilian/config.toml`. Relative paths in it are relative to the
//! file's own directory.

use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Names the configuration file directly (overrides the XDG location).
pub const CONFIG_ENV: &str = "SHILIAN_CONFIG";
/// Names the database (between `--db` and the file's `db`).
pub const DB_ENV: &str = "SHILIAN_DB";

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Database file (`--db` and `$SHILIAN_DB` win).
    pub db: Option<PathBuf>,
    /// `zh` or `en` (`--lang` and `$SHILIAN_LANG` win).
    pub lang: Option<String>,
    /// `color`, `basic16` or `mono` (`--no-color` and `$NO_COLOR` win).
    pub theme: Option<String>,
    /// The worker named in the audit log (`$SHILIAN_USER` wins).
    pub user: Option<String>,
    /// Key file for the audit log's tamper evidence.
    pub key_file: Option<PathBuf>,
    /// The unit's signing key file for bundles and handovers (`--sign-key`
    /// and `$SHILIAN_SIGN_KEY` win).
    pub sign_key: Option<PathBuf>,
    /// Where the file was read from (not a field of the file).
    #[serde(skip)]
    pub path: Option<PathBuf>,
}

/// Why the configuration file was not used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    /// Bad TOML or an unknown key; the message names the line.
    #[error("{path}: {message}")]
    Parse { path: String, message: String },
    #[error("{path}: {field} = {value:?}: {allowed}")]
    Value {
        path: String,
        field: &'static str,
        value: String,
        allowed: &'static str,
    },
}

fn non_empty(v: Option<std::ffi::OsString>) -> Option<PathBuf> {
    v.filter(|s| !s.is_empty()).map(PathBuf::from)
}

/// Where the file is looked for (it need not exist).
pub fn path() -> Option<PathBuf> {
    if let Some(p) = non_empty(std::env::var_os(CONFIG_ENV)) {
        return Some(p);
    }
    let base = non_empty(std::env::var_os("XDG_CONFIG_HOME"))
        .or_else(|| non_empty(std::env::var_os("HOME")).map(|h| h.join(".config")))?;
    Some(base.join("shilian").join("config.toml"))
}

impl Config {
    /// Parse the text of a configuration file read from `path`.
    pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
        let shown = path.display().to_string();
        let mut c: Config = toml::from_str(text).map_err(|e| ConfigError::Parse {
            path: shown.clone(),
            message: e.to_string().trim_end().to_string(),
        })?;
        let bad = |field, value: &str, allowed| ConfigError::Value {
            path: shown.clone(),
            field,
            value: value.to_string(),
            allowed,
        };
        if let Some(l) = &c.lang
            && crate::i18n::Lang::parse(l).is_none()
        {
            return Err(bad("lang", l, "zh | en"));
        }
        if let Some(th) = &c.theme
            && !THEMES.contains(&th.as_str())
        {
            return Err(bad("theme", th, "color | basic16 | mono"));
        }
        let dir = path.parent().unwrap_or(Path::new("."));
        let resolve = |p: &mut Option<PathBuf>| {
            if let Some(x) = p.as_mut()
                && x.is_relative()
            {
                *x = dir.join(&*x);
            }
        };
        resolve(&mut c.db);
        resolve(&mut c.key_file);
        resolve(&mut c.sign_key);
        c.user = c
            .user
            .map(|u| u.trim().to_string())
            .filter(|u| !u.is_empty());
        if let Some(u) = &c.user {
            // As for $SHILIAN_USER: a plain name (it is printed in the audit log).
            let plain = crate::domain::text::first_forbidden(u, false).is_none();
            if !plain || u.chars().count() > crate::app::USER_MAX_CHARS {
                return Err(bad("user", u, "a plain name of at most 64 characters"));
            }
        }
        c.path = Some(path.to_path_buf());
        Ok(c)
    }

    /// Read the file at `path`; a missing file is the empty configuration.
    pub fn load_from(path: &Path) -> Result<Config, ConfigError> {
        match std::fs::read_to_string(path) {
            Ok(text) => Config::parse(&text, path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(source) => Err(ConfigError::Read {
                path: path.display().to_string(),
                source,
            }),
        }
    }

    /// Read the file at [`path`] (none found: the empty configuration).
    pub fn load() -> Result<Config, ConfigError> {
        match path() {
            Some(p) => Config::load_from(&p),
            None => Ok(Config::default()),
        }
    }
}

/// The theme names the file accepts.
pub const THEMES: &[&str] = &["color", "basic16", "mono"];

static INSTALLED: OnceLock<Config> = OnceLock::new();

/// Make `c` this process's configuration (the command line does it once at
/// start; later calls are ignored).
pub fn install(c: Config) {
    let _ = INSTALLED.set(c);
}

/// This process's configuration, if one was installed.
pub fn installed() -> Option<&'static Config> {
    INSTALLED.get()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_field_and_relative_paths() {
        let text = "db = \"data/s.db\"\nlang = \"en\"\ntheme = \"mono\"\nuser = \" 王芳 \"\nkey_file = \"/etc/shilian/key\"\n";
        let c = Config::parse(text, Path::new("/srv/shilian/config.toml")).expect("parsed");
        assert_eq!(c.db, Some(PathBuf::from("/srv/shilian/data/s.db")));
        assert_eq!(c.lang.as_deref(), Some("en"));
        assert_eq!(c.theme.as_deref(), Some("mono"));
        assert_eq!(c.user.as_deref(), Some("王芳"));
        assert_eq!(c.key_file, Some(PathBuf::from("/etc/shilian/key")));
    }

    #[test]
    fn unknown_keys_and_values_are_refused_with_the_place() {
        let p = Path::new("/x/config.toml");
        let e = Config::parse("db = \"a\"\ndatabase = \"b\"\n", p).expect_err("unknown key");
        let msg = e.to_string();
        assert!(
            msg.contains("/x/config.toml") && msg.contains("line 2"),
            "{msg}"
        );
        assert!(msg.contains("database"), "{msg}");
        let e = Config::parse("theme = \"pink\"\n", p).expect_err("bad theme");
        assert!(e.to_string().contains("pink"), "{e}");
        let e = Config::parse("user = \"a\\u001b[2Jb\"\n", p).expect_err("control char");
        assert!(e.to_string().contains("plain name"), "{e}");
        let e = Config::parse("lang = \"fr\"\n", p).expect_err("bad lang");
        assert!(e.to_string().contains("zh | en"), "{e}");
    }

    #[test]
    fn a_missing_file_is_empty() {
        let c = Config::load_from(Path::new("/nonexistent/shilian/config.toml")).expect("empty");
        assert_eq!(c, Config::default());
    }
}
