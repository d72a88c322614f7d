//! SQLite's own memory through mimalloc, like Rust's (the crate's
//! `#[global_allocator]`, src/lib.rs). SQLite is C and calls the C
//! library's `malloc`: on the static musl build that is musl's allocator,
//! which maps and unmaps its larger blocks on every use (63,000 mmap and as
//! many munmap for `demo --cases 300`; issue 15). `SQLITE_CONFIG_MALLOC`
//! must come before SQLite initialises, so every connection the store opens
//! calls `init` first; if SQLite already runs (a caller opened a connection
//! of its own first), it keeps the C library's allocator.

use libmimalloc_sys as mi;
use rusqlite::ffi;
use std::ffi::{c_int, c_void};
use std::sync::OnceLock;

/// A size from SQLite (never negative for these calls) as a `usize`.
fn size(n: c_int) -> usize {
    usize::try_from(n).unwrap_or(0)
}

/// A size for SQLite, which counts in `int`.
fn int(n: usize) -> c_int {
    c_int::try_from(n).unwrap_or(c_int::MAX)
}

unsafe extern "C" fn x_malloc(n: c_int) -> *mut c_void {
    // SAFETY: mimalloc's malloc takes any size.
    unsafe { mi::mi_malloc(size(n)) }
}

unsafe extern "C" fn x_free(p: *mut c_void) {
    // SAFETY: SQLite frees only what x_malloc / x_realloc returned.
    unsafe { mi::mi_free(p) }
}

unsafe extern "C" fn x_realloc(p: *mut c_void, n: c_int) -> *mut c_void {
    // SAFETY: `p` came from x_malloc / x_realloc (SQLite's contract).
    unsafe { mi::mi_realloc(p, size(n)) }
}

unsafe extern "C" fn x_size(p: *mut c_void) -> c_int {
    // SAFETY: `p` is a live block of ours (SQLite's contract).
    int(unsafe { mi::mi_usable_size(p) })
}

unsafe extern "C" fn x_roundup(n: c_int) -> c_int {
    // SAFETY: a pure function of the size.
    int(unsafe { mi::mi_good_size(size(n)) })
}

unsafe extern "C" fn x_init(_: *mut c_void) -> c_int {
    ffi::SQLITE_OK
}

unsafe extern "C" fn x_shutdown(_: *mut c_void) {}

/// Hand SQLite mimalloc, once per process, before its first connection.
/// True when SQLite took it.
pub fn init() -> bool {
    static TAKEN: OnceLock<bool> = OnceLock::new();
    *TAKEN.get_or_init(|| {
        let methods = ffi::sqlite3_mem_methods {
            xMalloc: Some(x_malloc),
            xFree: Some(x_free),
            xRealloc: Some(x_realloc),
            xSize: Some(x_size),
            xRoundup: Some(x_roundup),
            xInit: Some(x_init),
            xShutdown: Some(x_shutdown),
            pAppData: std::ptr::null_mut(),
        };
        // SAFETY: SQLite copies the struct; once SQLite is initialised the
        // call returns SQLITE_MISUSE and changes nothing.
        unsafe { ffi::sqlite3_config(ffi::SQLITE_CONFIG_MALLOC, &methods) == ffi::SQLITE_OK }
    })
}

/// `mi_option_arena_eager_commit` (the fifth option of mimalloc 2's
/// `mi_option_e`, mimalloc.h; libmimalloc-sys names no constant for it).
const ARENA_EAGER_COMMIT: mi::mi_option_t = 4;

/// Have mimalloc commit its arenas as they are used, not all at once: by
/// default (2: "on Linux") the workstation's peak RSS was 40.9 MB instead
/// of 20.9 MB (docs/BENCHMARKS.md). Call first thing in `main`; an arena
/// already reserved keeps its commit.
pub fn commit_lazily() {
    // SAFETY: sets one of mimalloc's process-wide options; any value is valid.
    unsafe { mi::mi_option_set(ARENA_EAGER_COMMIT, 0) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_methods_allocate_grow_measure_and_free() {
        // SAFETY: the block is used within its size and freed once.
        unsafe {
            let p = x_malloc(100).cast::<u8>();
            assert!(!p.is_null());
            assert!(x_size(p.cast()) >= 100);
            p.write_bytes(7, 100);
            let q = x_realloc(p.cast(), 5000).cast::<u8>();
            assert!(!q.is_null() && x_size(q.cast()) >= 5000);
            assert_eq!(*q.add(99), 7, "realloc keeps the contents");
            x_free(q.cast());
        }
        // SAFETY: pure size functions.
        unsafe {
            assert!(x_roundup(100) >= 100);
        }
        assert_eq!(int(usize::MAX), c_int::MAX);
        assert_eq!(size(-1), 0);
    }

    #[test]
    fn init_answers_the_same_every_time() {
        let first = init();
        assert_eq!(init(), first);
        // SQLite works either way.
        let c = rusqlite::Connection::open_in_memory().expect("open");
        let n: i64 = c
            .query_row("SELECT 6 * 7", [], |r| r.get(0))
            .expect("query");
        assert_eq!(n, 42);
    }
}
