//! Ports for the servers the commands start (Prism, the real servers).

/// A free loopback port for a server to listen on, below the kernel's range of ephemeral ports, so
/// that nothing else can be given it while the server starts: not an outgoing connection (an
/// install's, a readiness check's), nor a listener on port 0 (Phoenix's gRPC once took the port
/// a `bind(0)` probe had just freed). `attempt` moves the search on after a failed start.
pub(crate) fn free_port(attempt: u32) -> Result<u16, String> {
    let ephemeral = std::fs::read_to_string("/proc/sys/net/ipv4/ip_local_port_range").unwrap_or_default();
    let first_ephemeral: u32 = ephemeral.split_whitespace().next().and_then(|low| low.parse().ok()).unwrap_or(32768);
    let (low, high) = (20000, first_ephemeral.clamp(20001, 65535));
    let seed = std::process::id().wrapping_mul(7919).wrapping_add(attempt.wrapping_mul(104_729));
    let start = low + seed % (high - low);
    (start..high)
        .chain(low..start)
        .filter_map(|port| u16::try_from(port).ok())
        .find(|port| std::net::TcpListener::bind(("127.0.0.1", *port)).is_ok())
        .ok_or_else(|| format!("no free loopback port between {low} and {high}"))
}
