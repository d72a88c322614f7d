//! Workstation figures: frame draw at 200x50, bytes sent to the terminal
//! for a one-row selection move and for scrolling past the page, filter
//! keystrokes through the real `App`, start-to-first-frame and peak RSS
//! (the last two in a fresh child process).

use crate::stats::{Stats, row, samples};
use anyhow::{Context, Result};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::Backend;
use ratatui::backend::{CrosstermBackend, TestBackend};
use ratatui::layout::{Rect, Size};
use ratatui::{Terminal, TerminalOptions, Viewport};
use shilian::app::Workspace;
use shilian::domain::policy::Policy;
use shilian::domain::procedure::Procedures;
use shilian::ui::scroll::Scrolling;
use shilian::ui::{App, ThemeChoice, UiOptions};
use std::cell::Cell;
use std::io::{BufRead, Write};
use std::path::Path;
use std::rc::Rc;
use std::time::Instant;

pub const W: u16 = 200;
pub const H: u16 = 50;

/// A terminal that only counts the bytes written to it.
#[derive(Clone, Default)]
struct Counter(Rc<Cell<usize>>);

impl Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.set(self.0.get() + buf.len());
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

type Counting = Terminal<Scrolling<Counter>>;

fn open_app(db: &Path) -> Result<App> {
    let ws = Workspace::open(db, Policy::embedded(), Procedures::embedded())?;
    let draft =
        std::env::temp_dir().join(format!("shilian-bench-{}.draft.json", std::process::id()));
    let mut opts = UiOptions::new(crate::today(), draft);
    opts.theme = ThemeChoice::detect(false);
    App::new(ws, opts)
}

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

/// The workstation's own backend (`ui::scroll::Scrolling`, as
/// `run_terminal` uses it) writing into a byte counter.
fn counting() -> Result<(Counting, Counter)> {
    counting_at(W, H)
}

fn counting_at(w: u16, h: u16) -> Result<(Counting, Counter)> {
    let c = Counter::default();
    let term = Terminal::with_options(
        Scrolling::fixed(c.clone(), Size::new(w, h)),
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, w, h)),
        },
    )?;
    Ok((term, c))
}

/// ratatui's crossterm backend alone (what was used before the scroll).
fn counting_plain(w: u16, h: u16) -> Result<(Terminal<CrosstermBackend<Counter>>, Counter)> {
    let c = Counter::default();
    let term = Terminal::with_options(
        CrosstermBackend::new(c.clone()),
        TerminalOptions {
            viewport: Viewport::Fixed(Rect::new(0, 0, w, h)),
        },
    )?;
    Ok((term, c))
}

/// Bytes one frame sends, framed as the real loop frames it.
fn frame_bytes<B>(term: &mut Terminal<B>, c: &Counter, app: &mut App) -> Result<usize>
where
    B: Backend + Write,
    B::Error: Send + Sync + 'static,
{
    c.0.set(0);
    crossterm::queue!(
        term.backend_mut(),
        crossterm::terminal::BeginSynchronizedUpdate
    )?;
    term.draw(|f| app.render(f))?;
    crossterm::queue!(
        term.backend_mut(),
        crossterm::terminal::EndSynchronizedUpdate
    )?;
    Write::flush(term.backend_mut())?;
    Ok(c.0.get())
}

/// Bytes of the frame after `flip`, pressed on the roster's last row
/// (walked to with Down; Up: on the first row; the detail pane settled
/// before the flip).
fn flip_bytes<B>(
    term: &mut Terminal<B>,
    c: &Counter,
    app: &mut App,
    flip: KeyCode,
    runs: usize,
) -> Result<(Stats, Stats)>
where
    B: Backend + Write,
    B::Error: Send + Sync + 'static,
{
    frame_bytes(term, c, app)?;
    let (mut sent, mut ms) = (vec![], vec![]);
    for _ in 0..runs {
        // Up scrolls from the first row, the others from the last.
        let up = flip == KeyCode::Up;
        for _ in 0..500 {
            let (sel, n) = app.roster_selection();
            if (up && sel == 0) || (!up && sel + 1 >= n) {
                break;
            }
            app.handle_event(key(if up { KeyCode::Up } else { KeyCode::Down }));
            frame_bytes(term, c, app)?;
        }
        app.settle();
        frame_bytes(term, c, app)?;
        app.handle_event(key(flip));
        let t = Instant::now();
        sent.push(frame_bytes(term, c, app)? as f64);
        ms.push(t.elapsed().as_secs_f64() * 1e3);
    }
    app.settle();
    frame_bytes(term, c, app)?;
    Ok((Stats::of(sent), Stats::of(ms)))
}

fn bytes_figures(app: &mut App, runs: usize) -> Result<()> {
    let (mut term, c) = counting()?;
    let first = frame_bytes(&mut term, &c, app)?;
    println!("  first full frame at {W}x{H}: {first} bytes");
    // A held arrow key: the selection moves, the detail pane waits for the
    // keys to settle (`App::idle` after `ui::SETTLE`); then the settled
    // frame shows the newly selected case.
    let (mut moves, mut settled) = (vec![], vec![]);
    for i in 0..runs.min(20) {
        app.handle_event(key(if i % 2 == 0 {
            KeyCode::Down
        } else {
            KeyCode::Up
        }));
        moves.push(frame_bytes(&mut term, &c, app)? as f64);
        app.settle();
        settled.push(frame_bytes(&mut term, &c, app)? as f64);
    }
    bytes_row(
        "bytes sent, selection moves one row",
        Stats::of(moves),
        "1 KB",
    );
    bytes_row(
        "  then the detail follows (keys settled)",
        Stats::of(settled),
        "-",
    );
    // Moving past the page's last row, at both layouts: before (the next
    // page, as PageDown still does, through ratatui's backend alone), the
    // one-row scroll through ratatui's backend alone, and the one-row
    // scroll through the workstation's backend (scroll region).
    let n = runs.min(10);
    for (w, h) in [(W, H), (80, 24)] {
        let (mut plain, pc) = counting_plain(w, h)?;
        let (before, _) = flip_bytes(&mut plain, &pc, app, KeyCode::PageDown, n)?;
        let (mut plain, pc) = counting_plain(w, h)?;
        let (rows_plain, plain_ms) = flip_bytes(&mut plain, &pc, app, KeyCode::Down, n)?;
        let (mut term, c) = counting_at(w, h)?;
        let (now, now_ms) = flip_bytes(&mut term, &c, app, KeyCode::Down, n)?;
        let (mut term, c) = counting_at(w, h)?;
        let (up, _) = flip_bytes(&mut term, &c, app, KeyCode::Up, n)?;
        let ratio = now.median / before.median.max(1.0);
        bytes_row(
            &format!("past the last row at {w}x{h}, before (next page)"),
            before,
            "2 KB",
        );
        bytes_row(
            "  rows scroll by one, ratatui's diff alone",
            rows_plain,
            "-",
        );
        bytes_row("  rows scroll by one, scroll region (now)", now, "2 KB");
        bytes_row("  Up on the first row (rows scroll down)", up, "-");
        // The time of that frame, key to bytes: the scroll region's search
        // and encoding against ratatui's backend alone.
        row(
            "  time of the frame, ratatui's backend alone",
            plain_ms,
            "-",
        );
        row("  time of the frame, scroll region (now)", now_ms, "2 ms");
        println!("  {:<52} {ratio:.2}x", "  now / before (median)");
    }
    Ok(())
}

fn bytes_row(label: &str, s: Stats, target: &str) {
    println!(
        "  {label:<52} median {:>7.0} B   p95 {:>7.0} B     (target {target})",
        s.median, s.p95
    );
}

fn draw_figure(app: &mut App, runs: usize) -> Result<()> {
    let mut term = Terminal::new(TestBackend::new(W, H))?;
    term.draw(|f| app.render(f))?;
    let mut i = 0;
    let mut ms = vec![];
    for _ in 0..runs.max(1) {
        app.handle_event(key(if i % 2 == 0 {
            KeyCode::Down
        } else {
            KeyCode::Up
        }));
        i += 1;
        let t = Instant::now();
        term.draw(|f| app.render(f))?;
        ms.push(t.elapsed().as_secs_f64() * 1e3);
    }
    row(
        "draw one frame at 200x50 (TestBackend)",
        Stats::of(ms),
        "2 ms",
    );
    let s = Stats::of(samples(runs, || {
        app.handle_event(key(if i % 2 == 0 {
            KeyCode::Down
        } else {
            KeyCode::Up
        }));
        i += 1;
        term.draw(|f| app.render(f)).map(|_| ())
    }));
    row(
        "selection move: key handling + draw (detail deferred)",
        s,
        "-",
    );
    let s = Stats::of(samples(runs, || {
        app.handle_event(key(if i % 2 == 0 {
            KeyCode::Down
        } else {
            KeyCode::Up
        }));
        i += 1;
        app.settle();
        term.draw(|f| app.render(f)).map(|_| ())
    }));
    row("selection move + settle (loads the case) + draw", s, "-");
    Ok(())
}

/// Filter keystrokes through the App: handle the key (query) and draw.
fn filter_figure(app: &mut App, runs: usize) -> Result<()> {
    let mut term = Terminal::new(TestBackend::new(W, H))?;
    term.draw(|f| app.render(f))?;
    let mut ms = vec![];
    for _ in 0..(runs / 5).max(2) {
        for term_text in ["王晓明", "诸葛", "玄武区东湖", "3201", "鑫"] {
            app.handle_event(key(KeyCode::Char('/')));
            for ch in term_text.chars() {
                let t = Instant::now();
                app.handle_event(key(KeyCode::Char(ch)));
                term.draw(|f| app.render(f))?;
                ms.push(t.elapsed().as_secs_f64() * 1e3);
            }
            app.handle_event(key(KeyCode::Esc));
        }
    }
    row(
        "filter keystroke through the App (query + case + draw)",
        Stats::of(ms),
        "10/15 ms",
    );
    Ok(())
}

pub fn run(db: &Path, runs: usize, want: &dyn Fn(&str) -> bool) -> Result<()> {
    let mut app = open_app(db)?;
    if want("draw") {
        draw_figure(&mut app, runs)?;
    }
    if want("bytes") {
        bytes_figures(&mut app, runs)?;
    }
    if want("filter") {
        filter_figure(&mut app, runs)?;
    }
    if want("orgs") {
        crate::orgs::run(&mut app, runs)?;
    }
    drop(app);
    if !want("start") {
        return Ok(());
    }
    let exe = std::env::current_exe()?;
    let mut ms = vec![];
    let mut rss = vec![];
    for _ in 0..(runs / 3).max(3) {
        let t = Instant::now();
        let mut child = std::process::Command::new(&exe)
            .args(["--child", "rss"])
            .arg(db)
            .stdout(std::process::Stdio::piped())
            .spawn()?;
        let out = child.stdout.take().context("child stdout")?;
        let mut lines = std::io::BufReader::new(out).lines();
        let first = lines.next().context("child said nothing")??;
        ms.push(t.elapsed().as_secs_f64() * 1e3);
        anyhow::ensure!(first == "frame", "child: {first}");
        let kb: f64 = lines.next().context("no rss line")??.trim().parse()?;
        rss.push(kb / 1024.0);
        child.wait()?;
    }
    row(
        "start to first full frame (fresh process, warm cache)",
        Stats::of(ms),
        "50/100 ms",
    );
    let s = Stats::of(rss);
    println!(
        "  {:<52} median {:>9.1} MB  max {:>9.1} MB   (target 30 MB)",
        "peak RSS (VmHWM) after a working session", s.median, s.p95
    );
    Ok(())
}

fn vm_hwm_kb() -> Result<String> {
    let status = std::fs::read_to_string("/proc/self/status")?;
    let line = status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))
        .context("no VmHWM")?;
    Ok(line
        .trim_start_matches("VmHWM:")
        .trim()
        .trim_end_matches("kB")
        .trim()
        .to_string())
}

/// Child process: open the workstation, draw the first frame to a counting
/// terminal, say "frame"; then work a while and report peak RSS in kB.
pub fn child(args: &[String]) -> Result<()> {
    let db = args.get(1).context("child needs a database")?;
    let mut app = open_app(Path::new(db))?;
    let (mut term, c) = counting()?;
    frame_bytes(&mut term, &c, &mut app)?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "frame")?;
    out.flush()?;
    let mut keys: Vec<Event> = vec![key(KeyCode::Char('/'))];
    keys.extend("王晓".chars().map(|ch| key(KeyCode::Char(ch))));
    keys.push(key(KeyCode::Esc));
    keys.extend(std::iter::repeat_n(key(KeyCode::PageDown), 30));
    keys.extend(std::iter::repeat_n(key(KeyCode::Down), 30));
    keys.extend(std::iter::repeat_n(key(KeyCode::Tab), 4));
    for k in keys {
        app.handle_event(k);
        frame_bytes(&mut term, &c, &mut app)?;
    }
    writeln!(out, "{}", vm_hwm_kb()?)?;
    Ok(())
}
