//! Terminal setup and teardown, the panic hook, SIGTERM/SIGHUP and
//! hang-up detection, and the event loop (generic over the backend so
//! tests drive it on a `TestBackend`).

use super::UiOptions;
use super::app::App;
use super::draft;
use crate::app::Workspace;
use anyhow::Context;
use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event};
use crossterm::terminal::{
    BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen,
    disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::backend::Backend;
use std::io::{BufWriter, Stdout, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// How often another process's writes are looked for.
const DATA_POLL: Duration = Duration::from_secs(1);
/// How long one wait for input lasts (signals are checked in between; no redraw).
const INPUT_WAIT: Duration = Duration::from_millis(250);

/// What drives the loop: where events come from and when to stop.
pub trait Host<B: Backend> {
    /// The next event, or None when `timeout` passed without one.
    fn next_event(&mut self, timeout: Duration) -> anyhow::Result<Option<Event>>;
    /// True when the loop must end now (signal, hang-up, script done).
    fn must_stop(&mut self) -> bool;
    fn begin_draw(&mut self, _backend: &mut B) -> anyhow::Result<()> {
        Ok(())
    }
    fn end_draw(&mut self, _backend: &mut B) -> anyhow::Result<()> {
        Ok(())
    }
}

/// Why the loop ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    Quit,
    Stopped,
}

/// Set when the wait notice wrote on the screen behind ratatui's back: the
/// next frame is drawn whole.
static WROTE_OUTSIDE: AtomicBool = AtomicBool::new(false);

/// While a save waits for another writer (the UI thread is in SQLite's
/// busy handler), say so on the bottom line, straight to the terminal.
fn wait_notice() {
    use crossterm::{cursor, style, terminal};
    let rows = terminal::size().map_or(24, |(_, r)| r);
    let msg = crate::i18n::t("ui.status.waiting");
    let mut out = std::io::stdout();
    let _ = crossterm::execute!(
        out,
        cursor::SavePosition,
        cursor::MoveTo(0, rows.saturating_sub(1)),
        terminal::Clear(terminal::ClearType::CurrentLine),
        style::Print(msg),
        cursor::RestorePosition
    );
    WROTE_OUTSIDE.store(true, Ordering::SeqCst);
}

/// Draw on change only; poll the data version about once a second.
pub fn run_app<B, H>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    host: &mut H,
) -> anyhow::Result<Exit>
where
    B: Backend,
    B::Error: Send + Sync + 'static,
    H: Host<B>,
{
    let mut dirty = true;
    let mut last_poll = Instant::now();
    loop {
        if dirty {
            host.begin_draw(terminal.backend_mut())?;
            terminal.draw(|f| app.render(f))?;
            host.end_draw(terminal.backend_mut())?;
            dirty = false;
        }
        if app.should_quit() {
            return Ok(Exit::Quit);
        }
        if host.must_stop() {
            return Ok(Exit::Stopped);
        }
        let wait = app.idle_in().map_or(INPUT_WAIT, |d| d.min(INPUT_WAIT));
        if let Some(ev) = host.next_event(wait)? {
            dirty |= app.handle_event(ev);
        }
        if WROTE_OUTSIDE.swap(false, Ordering::SeqCst) {
            terminal.clear()?;
            dirty = true;
        }
        dirty |= app.idle();
        if last_poll.elapsed() >= DATA_POLL {
            dirty |= app.tick();
            last_poll = Instant::now();
        }
    }
}

/// The terminal's backend: ratatui's crossterm backend, with lines moved
/// by a scroll region where that is shorter (`scroll.rs`).
type Real = super::scroll::Scrolling<BufWriter<Stdout>>;

struct CrosstermHost {
    stop: Arc<AtomicBool>,
    hung_up: bool,
}

impl CrosstermHost {
    /// Ask crossterm for an already-available event, never on a dead
    /// terminal (crossterm 0.29 spins reading EOF there, issue 793).
    fn ready_event(&mut self) -> anyhow::Result<Option<Event>> {
        if stdin_hung_up() {
            self.hung_up = true;
            return Ok(None);
        }
        if event::poll(Duration::ZERO)? {
            return Ok(Some(event::read()?));
        }
        Ok(None)
    }
}

impl Host<Real> for CrosstermHost {
    /// Wait on stdin ourselves (so a hang-up is seen), then let crossterm
    /// parse. Resize events are picked up at the latest when the wait ends.
    fn next_event(&mut self, timeout: Duration) -> anyhow::Result<Option<Event>> {
        if let Some(ev) = self.ready_event()? {
            return Ok(Some(ev));
        }
        if self.hung_up {
            return Ok(None);
        }
        wait_stdin(timeout);
        self.ready_event()
    }

    fn must_stop(&mut self) -> bool {
        self.hung_up || self.stop.load(Ordering::Relaxed)
    }

    fn begin_draw(&mut self, b: &mut Real) -> anyhow::Result<()> {
        crossterm::queue!(b, BeginSynchronizedUpdate)?;
        Ok(())
    }

    fn end_draw(&mut self, b: &mut Real) -> anyhow::Result<()> {
        crossterm::queue!(b, EndSynchronizedUpdate)?;
        Write::flush(b)?;
        Ok(())
    }
}

fn poll_stdin(timeout_ms: i32) -> (bool, i16) {
    let mut fds = libc::pollfd {
        fd: libc::STDIN_FILENO,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid pollfd for the duration of the call.
    let n = unsafe { libc::poll(&mut fds, 1, timeout_ms) };
    (n > 0, fds.revents)
}

/// Block until stdin is readable, hangs up, a signal arrives or `timeout`.
fn wait_stdin(timeout: Duration) {
    let _ = poll_stdin(timeout.as_millis().min(i32::MAX as u128) as i32);
}

/// True when the terminal on stdin has gone away (dead SSH link).
fn stdin_hung_up() -> bool {
    let (any, revents) = poll_stdin(0);
    any && (revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL)) != 0
}

/// Put the terminal back the way we found it (safe to call twice).
pub fn restore_terminal() {
    let _ = disable_raw_mode();
    let mut out = std::io::stdout();
    let _ = crossterm::execute!(
        out,
        EndSynchronizedUpdate,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        crossterm::cursor::Show
    );
}

fn install_panic_hook() {
    let prev = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        draft::write_slot();
        restore_terminal();
        prev(info);
    }));
}

fn setup() -> anyhow::Result<Terminal<Real>> {
    enable_raw_mode().context("enabling raw mode (is stdin a terminal?)")?;
    let mut out = BufWriter::new(std::io::stdout());
    crossterm::execute!(out, EnterAlternateScreen, EnableBracketedPaste)?;
    Ok(Terminal::new(super::scroll::Scrolling::new(out))?)
}

/// Run the workstation on the real terminal until the user quits, the
/// terminal hangs up, or SIGTERM/SIGHUP arrives (then the open form is
/// saved as a draft at `opts.draft_path`).
pub fn run_terminal(ws: Workspace, opts: UiOptions) -> anyhow::Result<()> {
    // Mono is ours: never let NO_COLOR turn colour resets into bare resets
    // that drop bold/reverse (the mono theme sets no colours at all).
    crossterm::style::force_color_output(true);
    let draft_path = opts.draft_path.clone();
    let mut app = App::new(ws, opts)?;
    let stop = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register(sig, Arc::clone(&stop))
            .context("registering signal handler")?;
    }
    install_panic_hook();
    crate::store::wait::set_notice(wait_notice);
    let mut terminal = match setup() {
        Ok(t) => t,
        Err(e) => {
            restore_terminal();
            return Err(e);
        }
    };
    let mut host = CrosstermHost {
        stop,
        hung_up: false,
    };
    let res = run_app(&mut terminal, &mut app, &mut host);
    let stopped = !matches!(res, Ok(Exit::Quit));
    if stopped {
        draft::write_slot();
    } else {
        draft::set_slot(&draft_path, None);
    }
    restore_terminal();
    res.map(|_| ())
}
