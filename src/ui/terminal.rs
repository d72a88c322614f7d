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
use ratatui::backend::{Backend, CrosstermBackend};
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
        if let Some(ev) = host.next_event(INPUT_WAIT)? {
            dirty |= app.handle_event(ev);
        }
        if last_poll.elapsed() >= DATA_POLL {
            dirty |= app.tick();
            last_poll = Instant::now();
        }
    }
}

type Real = CrosstermBackend<BufWriter<Stdout>>;

struct CrosstermHost {
    stop: Arc<AtomicBool>,
}

impl Host<Real> for CrosstermHost {
    fn next_event(&mut self, timeout: Duration) -> anyhow::Result<Option<Event>> {
        if event::poll(timeout)? {
            return Ok(Some(event::read()?));
        }
        Ok(None)
    }

    fn must_stop(&mut self) -> bool {
        self.stop.load(Ordering::Relaxed) || stdin_hung_up()
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

/// True when the terminal on stdin has gone away (dead SSH link).
fn stdin_hung_up() -> bool {
    let mut fds = libc::pollfd {
        fd: libc::STDIN_FILENO,
        events: libc::POLLIN,
        revents: 0,
    };
    // SAFETY: one valid pollfd, zero timeout.
    let n = unsafe { libc::poll(&mut fds, 1, 0) };
    n > 0 && (fds.revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL)) != 0
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
    Ok(Terminal::new(CrosstermBackend::new(out))?)
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
    let mut terminal = match setup() {
        Ok(t) => t,
        Err(e) => {
            restore_terminal();
            return Err(e);
        }
    };
    let mut host = CrosstermHost { stop };
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
