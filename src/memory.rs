//! Memory the process no longer uses goes back to the operating system.
//!
//! glibc's allocator keeps freed memory in its arenas (one per thread that
//! allocated) for reuse. Between the phases of a large analysis that memory
//! is not reused by the next phase's differently sized allocations, so the
//! resident size would carry every earlier phase's high-water mark.

/// Return the allocator's free pages to the operating system (a no-op
/// where the allocator is not glibc's). Called between stages and between
/// the large phases of a stage; costs a few milliseconds.
pub fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only returns unused pages of the allocator's own
    // arenas to the kernel; it touches no memory the program still uses.
    unsafe {
        libc::malloc_trim(0);
    }
}
