//! `examples/stream.rs` of a crate whose API streams events: a streaming call against a local fake
//! of the API, each event printed as it arrives. It runs anywhere (`cargo run --example stream`),
//! and `cargo test` compiles it.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::calls::{credentials, module_path};
use super::streams::{streaming_call, StreamingCall};
use crate::diagnostics::Error;
use crate::emit::file::{rust_file, EmitOptions, GeneratedFile, Part};
use crate::ir::{Api, Body, Method, Resource};

/// The example, for the first API with a streaming call whose values can be made: a call whose body
/// is an object with a stream flag (a chat completion) over any other.
pub fn stream_example(apis: &[Api], options: &EmitOptions) -> Result<Option<GeneratedFile>, Error> {
    let krate = format_ident!("{}", options.crate_name);
    let krate = quote!(#krate);
    for api in apis {
        let module = module_path(&krate, api, options);
        let mut calls: Vec<(&Resource, &Method)> = api
            .resources
            .iter()
            .flat_map(|resource| resource.methods.iter().map(move |method| (resource, method)))
            .filter(|(_, method)| method.events.is_some())
            .collect();
        calls.sort_by_key(|(_, method)| (!has_json_flag(method), !method.path_params.is_empty()));
        if let Some(tokens) =
            calls.into_iter().find_map(|(resource, method)| example(api, resource, method, &krate, &module))
        {
            let file = rust_file(&api.sources, options, "examples/stream.rs".to_owned(), vec![Part::Tokens(tokens)])?;
            return Ok(Some(file));
        }
    }
    Ok(None)
}

fn has_json_flag(method: &Method) -> bool {
    matches!(method.body, Some(Body::Object { .. }))
        && method.events.as_ref().is_some_and(|events| events.flag.is_some())
}

fn example(
    api: &Api,
    resource: &Resource,
    method: &Method,
    krate: &TokenStream,
    module: &TokenStream,
) -> Option<TokenStream> {
    let path: TokenStream = api.code_path(resource).parse().ok()?;
    let StreamingCall { event, call, allow } = streaming_call(api, method, &path, krate, module)?;
    let doc = crate::emit::rust::module_doc(&format!(
        "Streams `{}` of the {} from a local fake of the API, which sends three events a moment \
         apart, then ends the stream: each event is printed as it arrives.\n\n`cargo run --example stream`",
        method.name.bare(),
        api.api_name()
    ));
    let credentials = credentials(api);
    let read_request = super::streams::read_request(&TokenStream::new());
    Some(quote! {
        #doc
        use futures_util::TryStreamExt;

        #[tokio::main]
        #allow
        async fn main() -> Result<(), #module::Error> {
            let client = #module::Client::builder().base_url(fake_api()) #credentials .build()?;
            let mut events = #call.await?;
            while let Some(event) = events.try_next().await? {
                println!("{event:?}");
            }
            Ok(())
        }

        /// A local fake of the API: it answers one request with a stream of three events.
        fn fake_api() -> String {
            use std::io::Write;
            let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a loopback port");
            let base_url = format!("http://{}", listener.local_addr().expect("an address"));
            std::thread::spawn(move || {
                let (stream, _) = listener.accept().expect("a connection");
                let mut reader = std::io::BufReader::new(stream);
                let (head, _) = read_request(&mut reader);
                eprintln!("the fake API got {}", head.lines().next().unwrap_or_default());
                let stream = reader.get_mut();
                let reply = "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\nconnection: close\r\n\r\n";
                stream.write_all(reply.as_bytes()).expect("a reply");
                for _ in 0..3 {
                    write!(stream, "data: {}\n\n", #event).and_then(|()| stream.flush()).expect("an event");
                    std::thread::sleep(std::time::Duration::from_millis(300));
                }
                stream.write_all(b"data: [DONE]\n\n").expect("the end");
            });
            base_url
        }

        #read_request
    })
}
