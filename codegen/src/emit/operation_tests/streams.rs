//! The test of each streaming call, against a server the test file carries: it needs nothing but
//! `std`, so these tests run without a mock of the API.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::calls::{arguments, test_stem, Arguments, Mode};
use crate::emit::rust::{names_deprecated, resolved};
use crate::emit::values::{json_value, Values};
use crate::ir::{Api, Method, TypeDefKind};

/// The test of a streaming call, against a local server that sends two events a byte at a time,
/// then an error event, and on a second call an event and a stream cut midway.
pub(super) fn stream_test(
    api: &Api,
    method: &Method,
    path: &TokenStream,
    krate: &TokenStream,
    module: &TokenStream,
) -> Option<TokenStream> {
    let events = method.events.as_ref()?;
    let StreamingCall { event, call, allow } = streaming_call(api, method, path, krate, module)?;
    let call = quote!(#call.await.unwrap_or_else(|error| panic!("{error}")));
    let (body, flag) = match &events.flag {
        Some(flag) => {
            let (json, multipart) = (format!("\"{flag}\":true"), format!("name=\"{flag}\"\r\n\r\ntrue"));
            let check = quote! {
                let flag_set = body.contains(#json) || body.contains(#multipart);
                assert!(flag_set, "the stream flag is not set: {body}");
            };
            (quote!(body), check)
        }
        None => (quote!(_), TokenStream::new()),
    };
    // An event a union does not recognize decodes, as unknown: that would hide a wrong mapping.
    let known = matches!(resolved(api, &events.ty).named().map(|id| &api.ty(id).kind), Some(TypeDefKind::Union(_)))
        .then(|| quote!(assert!(!format!("{event:?}").starts_with("Some(Unknown("), "not recognized: {event:?}");));
    let test = format_ident!("{}_stream", test_stem(method));
    Some(quote! {
        #[tokio::test]
        #allow
        async fn #test() {
            use futures_util::TryStreamExt;
            let (base_url, server) = super::serve_events(#event);
            let client = super::configured(base_url);
            let mut events = #call;
            for _ in 0..2 {
                let event = events.try_next().await.unwrap_or_else(|error| panic!("{error}"));
                assert!(event.is_some(), "the stream ended early");
                #known
                println!("{event:?}");
            }
            match events.try_next().await.expect_err("the error event") {
                #module::Error::Event(event) => assert_eq!(event.message().as_deref(), Some("test error")),
                other => panic!("expected the error event, got {other}"),
            }
            let after_error = events.try_next().await.unwrap_or_else(|error| panic!("{error}"));
            assert!(after_error.is_none(), "an event after the error event");
            let mut events = #call;
            let event = events.try_next().await.unwrap_or_else(|error| panic!("{error}"));
            assert!(event.is_some(), "the stream ended early");
            match events.try_next().await.expect_err("the stream is cut") {
                #module::Error::Connection { .. } => {}
                other => panic!("expected a connection error, got {other}"),
            }
            for (head, #body) in server.join().expect("the server") {
                let asks_for_events = head.to_ascii_lowercase().contains("\r\naccept: text/event-stream\r\n");
                assert!(asks_for_events, "{head}");
                #flag
            }
        }
    })
}

/// A streaming call of `method` on `client` with what it requires, not awaited yet.
pub(super) struct StreamingCall {
    /// An event's data, as JSON the event type decodes.
    pub event: String,
    pub call: TokenStream,
    /// `#[allow(deprecated)]`, if the call names something deprecated.
    pub allow: Option<TokenStream>,
}

pub(super) fn streaming_call(
    api: &Api,
    method: &Method,
    path: &TokenStream,
    krate: &TokenStream,
    module: &TokenStream,
) -> Option<StreamingCall> {
    let events = method.events.as_ref()?;
    let event = json_value(api, &events.ty)?.to_string();
    let mut values = Values::new(api, krate, module);
    let Arguments { arguments, setters, deprecated, .. } =
        arguments(api, method, &mut values, Mode::RequiredOnly, None)?;
    let deprecated = deprecated || names_deprecated(api, [&events.ty]);
    let allow = deprecated.then(|| quote!(#[allow(deprecated)]));
    let (name, stream) = (&method.name, &events.method);
    let call = quote!(client.#path.#name(#(#arguments),*) #(#setters)* .#stream());
    Some(StreamingCall { event, call, allow })
}

/// The server the streaming tests run: written out in each crate, as it needs nothing but `std`.
pub(super) fn event_server(cfg: &TokenStream) -> TokenStream {
    let read_request = read_request(cfg);
    quote! {
        /// A loopback server for the streaming tests. The first connection gets `event` twice, a
        /// byte at a time, after a comment and with CRLF line ends, then an error event; the second
        /// gets `event` and is cut midway. It returns each request's head and body.
        #cfg
        fn serve_events(event: &'static str) -> (String, std::thread::JoinHandle<Vec<(String, String)>>) {
            use std::io::Write;
            let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port");
            let base_url = format!("http://{}", listener.local_addr().expect("an address"));
            let streams = [
                format!(": test\r\n\r\ndata: {event}\r\n\r\ndata: {event}\n\nevent: error\ndata: {{\"error\":{{\"message\":\"test error\"}}}}\n\n"),
                format!("data: {event}\n\ndata: {{\"cut"),
            ];
            let server = std::thread::spawn(move || {
                let mut requests = Vec::new();
                for (index, events) in streams.iter().enumerate() {
                    let (stream, _) = listener.accept().expect("a connection");
                    let mut reader = std::io::BufReader::new(stream);
                    requests.push(read_request(&mut reader));
                    let stream = reader.get_mut();
                    let head = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\nconnection: close\r\n\r\n";
                    stream.write_all(head.as_bytes()).expect("a reply");
                    let step = if index == 0 { 1 } else { events.len() };
                    for piece in events.as_bytes().chunks(step) {
                        write!(stream, "{:x}\r\n", piece.len()).expect("a chunk");
                        stream.write_all(piece).and_then(|()| stream.write_all(b"\r\n")).expect("a chunk");
                    }
                    if index == 0 {
                        stream.write_all(b"0\r\n\r\n").expect("the end");
                    }
                }
                requests
            });
            (base_url, server)
        }

        #read_request
    }
}

/// `read_request(reader) -> (head, body)`, which reads a request as a loopback server gets it.
pub(in crate::emit) fn read_request(cfg: &TokenStream) -> TokenStream {
    quote! {
        /// A request's head and body, the body read by its length or in chunks.
        #cfg
        fn read_request(reader: &mut impl std::io::BufRead) -> (String, String) {
            let mut head = String::new();
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).expect("a request line") == 0 || line == "\r\n" {
                    break;
                }
                head.push_str(&line);
            }
            let lower = head.to_ascii_lowercase();
            let mut body = Vec::new();
            if lower.contains("\r\ntransfer-encoding: chunked\r\n") {
                loop {
                    let mut size = String::new();
                    reader.read_line(&mut size).expect("a chunk size");
                    let size = usize::from_str_radix(size.trim(), 16).expect("a chunk size");
                    let mut chunk = vec![0; size + 2];
                    reader.read_exact(&mut chunk).expect("a chunk");
                    if size == 0 {
                        break;
                    }
                    body.extend_from_slice(&chunk[..size]);
                }
            } else {
                let length = lower.lines().find_map(|line| line.strip_prefix("content-length:"));
                body.resize(length.map_or(0, |length| length.trim().parse().expect("a length")), 0);
                reader.read_exact(&mut body).expect("a body");
            }
            (head, String::from_utf8_lossy(&body).into_owned())
        }
    }
}
