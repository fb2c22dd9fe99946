//! Upload, list every page, download (through a presigned URL) and delete with the LlamaCloud SDK.
//!
//! With `LLAMA_CLOUD_API_KEY` set this talks to LlamaCloud; without it, to a local fake of the API
//! that it starts itself. Run it with `cargo run -p files-sdk --example llamacloud`.

mod support;

use files_sdk::llamacloud::{Client, Error, UploadFile};
use futures_util::TryStreamExt;

#[tokio::main]
async fn main() -> Result<(), Error> {
    let client = match std::env::var("LLAMA_CLOUD_API_KEY") {
        Ok(_) => Client::from_env()?,
        Err(_) => {
            let url = support::llamacloud().await;
            println!("LLAMA_CLOUD_API_KEY is not set: using a local fake of the LlamaCloud API at {url}");
            Client::builder().api_key("example-key").base_url(url).build()?
        }
    };

    let mut uploaded = Vec::new();
    for name in ["contract.pdf", "invoice.pdf", "memo.pdf"] {
        let file = UploadFile::from_bytes(format!("%PDF-1.7 {name}")).file_name(name);
        let created = client.files().create().file(file).purpose("parse").send().await?;
        println!("uploaded   {} as {}", created.name, created.id);
        uploaded.push(created.id);
    }

    let files: Vec<_> = client.files().list().page_size(2).items().try_collect().await?;
    println!("listed     {} files", files.len());

    let content = client.files().download_content(&uploaded[0]).await?.bytes().await?;
    println!("downloaded {:?}", String::from_utf8_lossy(&content));

    for id in &uploaded {
        client.files().delete(id).send().await?;
        println!("deleted    {id}");
    }
    Ok(())
}
