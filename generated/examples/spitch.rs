//! Upload, list every page, download and delete with the Spitch SDK.
//!
//! With `SPITCH_API_KEY` set this talks to Spitch; without it, to a local fake of the API that it
//! starts itself. Run it with `cargo run -p files-sdk --example spitch`.

mod support;

use files_sdk::spitch::{Client, Error, UploadFile};
use futures_util::TryStreamExt;

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = match std::env::var("SPITCH_API_KEY") {
        Ok(_) => Client::from_env()?,
        Err(_) => {
            let url = support::spitch().await;
            println!("SPITCH_API_KEY is not set: using a local fake of the Spitch API at {url}");
            Client::builder().api_key("example-key").base_url(url).build()?
        }
    };

    let mut uploaded = Vec::new();
    for name in ["greeting.txt", "farewell.txt", "notes.txt"] {
        let file = client
            .files()
            .upload()
            .file(UploadFile::from_bytes(format!("text of {name}")).file_name(name))
            .send()
            .await?;
        println!("uploaded   {:?} as {}", file.original_name, file.file_id);
        uploaded.push(file.file_id);
    }

    let files: Vec<_> = client.files().list().limit(2).items().try_collect().await?;
    println!("listed     {} files", files.len());

    // The download URL is fetched without the API key.
    let content = client.files().download_content(&uploaded[0]).await?.bytes().await?;
    println!("downloaded {:?}", String::from_utf8_lossy(&content));

    for id in &uploaded {
        client.files().delete(id).send().await?;
        println!("deleted    {id}");
    }
    Ok(())
}
