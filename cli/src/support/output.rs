//! Results on standard output: JSON, pretty on a terminal and compact otherwise (one line, for
//! `jq` and scripts); text as it is; a download to a file, with a progress bar on a terminal.

use std::io::{IsTerminal, Write};
use std::path::Path;

use futures_util::{Stream, StreamExt};
use serde::Serialize;

use super::exit::Failure;
use crate::sdk::runtime::{ByteStream, Error};

/// Prints `value` as JSON.
pub fn print_json<T: Serialize>(value: &T) -> Result<(), Failure> {
    let stdout = std::io::stdout();
    let pretty = stdout.is_terminal();
    let mut out = stdout.lock();
    write_json(&mut out, value, pretty)?;
    writeln!(out)?;
    Ok(())
}

/// Prints every item as one JSON array, each item as soon as its page arrives.
pub async fn print_items<T: Serialize>(items: impl Stream<Item = Result<T, Error>>) -> Result<(), Failure> {
    let stdout = std::io::stdout();
    let pretty = stdout.is_terminal();
    let mut items = std::pin::pin!(items);
    let mut out = stdout.lock();
    out.write_all(b"[")?;
    let mut count = 0usize;
    while let Some(item) = items.next().await {
        let item = item?;
        out.write_all(if count == 0 { b"" } else { b"," })?;
        if pretty {
            out.write_all(b"\n")?;
        }
        write_json(&mut out, &item, pretty)?;
        out.flush()?;
        count += 1;
    }
    out.write_all(if pretty && count > 0 { b"\n]\n" } else { b"]\n" })?;
    Ok(())
}

/// Prints each event as one line of JSON as it arrives, whatever standard output is.
pub async fn print_events<T: Serialize>(events: impl Stream<Item = Result<T, Error>>) -> Result<(), Failure> {
    let mut events = std::pin::pin!(events);
    while let Some(event) = events.next().await {
        let mut out = std::io::stdout().lock();
        write_json(&mut out, &event?, false)?;
        out.write_all(b"\n")?;
        out.flush()?;
    }
    Ok(())
}

fn write_json<T: Serialize>(out: &mut impl Write, value: &T, pretty: bool) -> Result<(), Failure> {
    let written = match pretty {
        true => serde_json::to_writer_pretty(out, value),
        false => serde_json::to_writer(out, value),
    };
    written.map_err(|error| match error.io_error_kind() {
        Some(kind) => Failure::Io(kind.into()),
        None => Failure::Input(format!("cannot print the response: {error}")),
    })
}

/// Prints text as the API sent it.
pub fn print_text(text: &str) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())?;
    if !text.ends_with('\n') {
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// Writes a binary response to `output`, with a progress bar when standard error is a terminal,
/// or to standard output when none is given and it is not a terminal.
pub async fn write_download(mut stream: ByteStream, output: Option<&Path>) -> Result<(), Failure> {
    let Some(path) = output else {
        if std::io::stdout().is_terminal() {
            return Err(Failure::Input("the response is binary: give `--output <FILE>`, or redirect".to_owned()));
        }
        let mut out = std::io::stdout().lock();
        while let Some(chunk) = stream.next_chunk().await? {
            out.write_all(&chunk)?;
        }
        return Ok(out.flush()?);
    };
    let bar = std::io::stderr().is_terminal().then(|| progress_bar(stream.content_length()));
    if let Some(bar) = bar.clone() {
        stream = stream.on_progress(move |progress| bar.set_position(progress.bytes_done));
    }
    stream.write_to(path).await?;
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    Ok(())
}

fn progress_bar(total: Option<u64>) -> indicatif::ProgressBar {
    let style = match total {
        Some(_) => "{bar:40} {bytes}/{total_bytes} {bytes_per_sec} {eta}",
        None => "{spinner} {bytes} {bytes_per_sec}",
    };
    let bar = indicatif::ProgressBar::with_draw_target(total, indicatif::ProgressDrawTarget::stderr());
    bar.set_style(
        indicatif::ProgressStyle::with_template(style).unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    bar
}
