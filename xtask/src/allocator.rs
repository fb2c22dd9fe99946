//! The allocator, and how it is set for this tool.

/// Generation allocates millions of small strings and token trees; the system allocator spent a
/// third of its time in them.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc's `mi_option_t` (the sys crate names no constant for it);
/// the test below checks it against the option's documented default.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// By default mimalloc gives freed pages back to the kernel after a second, and the kernel clears
/// them again, as whole 2 MiB huge pages, when they are reused: on GitHub's spec that was a third
/// of generation's CPU time and a fifth of its wall clock. This tool's commands are short, or
/// leave the work to processes of their own, so it keeps what it freed instead.
pub(crate) fn keep_freed_memory() {
    // SAFETY: the first thing `main` does, before any thread of ours exists; mimalloc reads the
    // option again on each purge.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_purge_delay_option_is_the_one_whose_default_is_a_second() {
        // mimalloc 3's options.c: `{ 1000, ..., purge_delay }`, the only option defaulting to 1000.
        // SAFETY: reads an option; nothing in this test binary sets one.
        let default = unsafe { libmimalloc_sys::mi_option_get(super::PURGE_DELAY) };
        assert_eq!(default, 1000, "option {} is not mimalloc's purge delay", super::PURGE_DELAY);
    }
}
