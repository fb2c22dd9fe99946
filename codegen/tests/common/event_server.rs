//! A server on loopback that answers every request with the same stream of events, for the tests
//! of what a generated crate does with a streamed response.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;

/// Serves `count` requests, each answered with `events` as a stream; returns what each asked.
pub fn serve_events(count: usize, events: &'static str) -> (String, std::thread::JoinHandle<Vec<String>>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let server = std::thread::spawn(move || {
        let mut requests = Vec::new();
        for stream in listener.incoming().take(count) {
            let mut stream = stream.unwrap();
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut head = String::new();
            while !head.ends_with("\r\n\r\n") {
                reader.read_line(&mut head).unwrap();
            }
            let length = head
                .lines()
                .find_map(|line| line.to_ascii_lowercase().strip_prefix("content-length: ").map(str::to_owned))
                .map_or(0, |length| length.trim().parse().unwrap());
            let mut body = vec![0; length];
            reader.read_exact(&mut body).unwrap();
            requests.push(format!("{head}{}", String::from_utf8(body).unwrap()));
            let reply =
                format!("HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\n\r\n{events}");
            stream.write_all(reply.as_bytes()).unwrap();
        }
        requests
    });
    (url, server)
}
