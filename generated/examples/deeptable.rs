//! Upload, list every page, download and delete with the DeepTable SDK.
//!
//! With `DEEPTABLE_API_KEY` set this talks to DeepTable; without it, to a local fake of the API that
//! it starts itself. Run it with `cargo run -p files-sdk --example deeptable`.

mod support;

use files_sdk::deeptable::{Client, Error, UploadFile};
use futures_util::TryStreamExt;

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = match std::env::var("DEEPTABLE_API_KEY") {
        Ok(_) => Client::from_env()?,
        Err(_) => {
            let url = support::deeptable().await;
            println!("DEEPTABLE_API_KEY is not set: using a local fake of the DeepTable API at {url}");
            Client::builder().api_key("example-key").base_url(url).build()?
        }
    };

    let mut uploaded = Vec::new();
    for quarter in 1..=3 {
        let content = format!("PK\u{3}\u{4} quarter {quarter} figures");
        let file = UploadFile::from_bytes(content).file_name(format!("q{quarter}.xlsx"));
        let file = client.files().upload().file(file).send().await?;
        println!("uploaded   {} as {} ({} bytes)", file.file_name, file.id, file.size);
        uploaded.push(file.id);
    }

    // Two files a page: `items()` fetches the next page when it needs it.
    let files: Vec<_> = client.files().list().limit(2).items().try_collect().await?;
    println!("listed     {} files: {:?}", files.len(), files.iter().map(|file| &file.file_name).collect::<Vec<_>>());

    let content = client.files().download(&uploaded[0]).send().await?.bytes().await?;
    println!("downloaded {} bytes of {}", content.len(), uploaded[0]);

    for id in &uploaded {
        let deleted = client.files().delete(id).send().await?;
        println!("deleted    {} ({})", deleted.id, deleted.deleted);
    }
    Ok(())
}
